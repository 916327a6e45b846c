import { addressProblem } from '../../contract/connection-settings.ts';
import { getPath } from './template.ts';

// "Open in HubSpot": the address of one record's page in its app, from the entity's
// `recordUrl` template in the connector manifest (docs/connectors.md#record-links).

const placeholder = /\{\{\s*([A-Za-z0-9_.$-]+)\s*\}\}/g;

export interface RecordUrlContext {
  /** The record's id in the app. */
  id: string;
  /** The app's connection settings (never secrets): `{{config.portalId}}`. */
  config: Readonly<Record<string, unknown>>;
}

/**
 * The record's page, or undefined when the template needs a setting the app does not
 * have (a link with a hole in it would open the wrong page). Each value is
 * percent-encoded, so an id cannot change the address. An app whose settings give it
 * another address (`baseUrl`: the demo's emulators, a test server) gets links on that
 * address, the template's path kept: the real app's site does not hold its records.
 * Only https links, or http to this PC, come out.
 */
export function recordUrlOf(template: string, context: RecordUrlContext): string | undefined {
  let missing = false;
  const filled = template.replace(placeholder, (_, path: string) => {
    const value = getPath(context, path);
    if (value === undefined || value === null || value === '' || typeof value === 'object') {
      missing = true;
      return '';
    }
    return encodeURIComponent(String(value));
  });
  if (missing) return undefined;
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return undefined;
  }
  const standIn = context.config.baseUrl;
  if (typeof standIn === 'string' && standIn !== '') {
    let base: URL;
    try {
      base = new URL(standIn);
    } catch {
      return undefined;
    }
    url = new URL(`${base.pathname.replace(/\/+$/, '')}${url.pathname}${url.search}${url.hash}`, base.origin);
  }
  return addressProblem(url.href) === undefined ? url.href : undefined;
}
