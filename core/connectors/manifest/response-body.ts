import { classifyMalformedBody } from '../../reliability/classify-http-error.ts';
import type { HttpResponse } from '../http/http-port.ts';

/** A successful answer's JSON; an empty one is `{}`, and garbage is the app's malformed answer. */
export function parseBody(response: HttpResponse, appName: string): unknown {
  if (response.bodyText === '') return {};
  try {
    return JSON.parse(response.bodyText);
  } catch {
    throw classifyMalformedBody(appName);
  }
}

/** A refusal's body, where it is JSON: its words are looked for, and its absence is no new error. */
export function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
