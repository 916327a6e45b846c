import { z } from 'zod';
import { addressHostsSchema } from './address-hosts.ts';
import { addressTemplateProblem } from './connection-values.ts';
import { dotPath, param, settingName } from './manifest-schema-parts.ts';

// The `oauth2` sign-in of a manifest (docs/connectors.md, `auth`): which grant, how the
// client proves itself, how the token request is written, the header the token travels
// in, and the values kept from a sign-in. Run by core/secrets/oauth/.

/** A sign-in address, which may be built from settings (`https://{{config.subdomain}}.zendesk.com/oauth/tokens`). */
const oauthAddress = z.string().superRefine((value, ctx) => {
  const problem = addressTemplateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});

/** A value kept with the connection when someone signs in: QuickBooks' `realmId`, Pipedrive's `api_domain`. */
export const oauthCaptureSchema = z.object({
  /** Read afterwards as `{{config.<name>}}`, like a setting. */
  name: settingName,
  /** How the app form names it (`Company id`). */
  label: z.string().min(1).max(80).optional(),
  /** The token answer's field (`api_domain`), or the redirect's query parameter (`realmId`). */
  from: z.enum(['token', 'redirect']),
  /** A dotted path in the token answer, or the parameter's name in the redirect. */
  path: dotPath.min(1),
  /**
   * The value is a whole server address (`https://mycompany.pipedrive.com`) on one of
   * these hosts (`*.pipedrive.com`): checked when captured and before every request, so
   * `baseUrl` may start with it (`{{config.apiDomain}}/api/v2`).
   */
  hosts: addressHostsSchema.optional(),
});

/**
 * OAuth 2.0 (RFC 6749). `authorization_code`: sign-in in the browser with PKCE.
 * `client_credentials`: no person signs in; the stored client secret buys each token.
 */
export const oauth2Schema = z
  .object({
    type: z.literal('oauth2'),
    grant: z.enum(['authorization_code', 'client_credentials']).default('authorization_code'),
    authorizeUrl: oauthAddress.optional(),
    tokenUrl: oauthAddress,
    scopes: z.array(z.string()).default([]),
    /**
     * How the client proves itself at the token endpoint: `none` (a public client, id only),
     * `body` (`client_secret` in the request) or `basic` (RFC 6749 §2.3.1 Authorization header).
     */
    clientAuth: z.enum(['none', 'body', 'basic']).default('none'),
    /** The token request's body: form-encoded (RFC 6749) or JSON (some providers want it). */
    tokenRequest: z.enum(['form', 'json']).default('form'),
    /** The header the access token travels in (Shopify: `X-Shopify-Access-Token`, no prefix). */
    tokenHeader: z
      .object({ name: param.min(1).default('authorization'), prefix: z.string().max(40).default('Bearer ') })
      .default({ name: 'authorization', prefix: 'Bearer ' }),
    /** Values kept with the connection at sign-in, read as `{{config.name}}` (never secret). */
    capture: z.array(oauthCaptureSchema).max(10).default([]),
    /** Where the app form's client id comes from, in the provider's words (Shopify: the Dev Dashboard). */
    clientIdHelp: z.string().min(1).max(300).optional(),
    /**
     * Apps made the older way hold one token that never expires (Shopify's legacy custom
     * apps: an Admin API access token, `shpat_…`). Declared here, an app with no client id
     * sends its saved credential as that token, in `tokenHeader`, and never renews it.
     */
    legacyToken: z.boolean().default(false),
  })
  .superRefine((auth, ctx) => {
    if (auth.grant === 'authorization_code' && auth.authorizeUrl === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['authorizeUrl'],
        message: 'A browser sign-in (grant "authorization_code") needs its "authorizeUrl".',
      });
    if (auth.grant === 'client_credentials' && auth.clientAuth === 'none')
      ctx.addIssue({
        code: 'custom',
        path: ['clientAuth'],
        message: 'The client-credentials grant proves the client with its secret: choose "body" or "basic".',
      });
    if (auth.grant === 'client_credentials' && auth.capture.some((c) => c.from === 'redirect'))
      ctx.addIssue({
        code: 'custom',
        path: ['capture'],
        message: 'The client-credentials grant has no browser redirect to capture a value from.',
      });
  });
