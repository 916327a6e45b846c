import type { AuthSpec } from './manifest-schema.ts';
import { render, type TemplateFunctions } from './template.ts';

/** Puts the app's credential where its manifest says: a header, the query, Basic or a token header. */
export function placeCredential(
  auth: Exclude<AuthSpec, { type: 'none' }>,
  secret: string,
  into: {
    url: URL;
    headers: Record<string, string>;
    config: Record<string, unknown>;
    functions: TemplateFunctions;
  },
): void {
  const { url, headers, config, functions } = into;
  switch (auth.type) {
    case 'api_key':
      if (auth.in === 'header') headers[auth.name] = secret;
      else url.searchParams.set(auth.name, secret);
      return;
    case 'bearer':
      headers.authorization = `Bearer ${secret}`;
      return;
    case 'oauth2':
      headers[auth.tokenHeader.name.toLowerCase()] = `${auth.tokenHeader.prefix}${secret}`;
      return;
    case 'basic': {
      // A setting may be part of the user name (Zendesk: "{{config.email}}/token"); one pass, so
      // neither the secret nor a setting's value is read as a template again.
      const fill = (s: string) => String(render(s, { config, secret }, functions));
      headers.authorization = `Basic ${btoa(`${fill(auth.username)}:${fill(auth.password)}`)}`;
      return;
    }
  }
}
