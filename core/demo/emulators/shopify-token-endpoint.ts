// Shopify's token endpoint for Dev Dashboard apps (the OAuth client-credentials grant), after
// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
// and https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets:
// POST /admin/oauth/access_token, form-encoded (Shopify's own library sends JSON; both are
// read) grant_type=client_credentials, client_id, client_secret; the answer is
// { access_token, scope, expires_in } with no token_type, the token good for 86399 seconds.
// A refused request answers RFC 6749 §5.2's { error, error_description } with 400, the
// shape Shopify's token endpoint uses for its other grants (its wording for a wrong client
// secret is not documented). An expired token is refused by the API like an unknown one.
import { randomBytes } from 'node:crypto';
import type { EmulatorAnswer, EmulatorRequest } from './emulator-server.ts';

export const shopifyTokenPath = '/admin/oauth/access_token';

/** Scopes are chosen on the app's version in the Dev Dashboard; the answer lists them comma-separated. */
const grantedScope = 'read_customers,write_customers,read_orders,write_orders,read_products,write_products';

export interface ShopifyTokenOptions {
  /** Dev Dashboard apps installed on the shop: client id → client secret. */
  clients?: Record<string, string>;
  /** How long a bought token lasts (Shopify: 86399 seconds). */
  accessTokenTtlSeconds?: number;
  /** The emulator's clock, in epoch milliseconds (tests move it to expire tokens). */
  now?: () => number;
}

export interface ShopifyTokens {
  /** Token requests answered, bought or refused. */
  readonly requests: { issued: number; refused: number };
  answer(request: EmulatorRequest): EmulatorAnswer;
  /** True for a token bought here and not expired. */
  accepts(token: string): boolean;
  /** Every token bought so far expires now (new ones can be bought). */
  expireAll(): void;
}

export function createShopifyTokens(options: ShopifyTokenOptions): ShopifyTokens {
  const clients = new Map(Object.entries(options.clients ?? {}));
  const ttlMs = (options.accessTokenTtlSeconds ?? 86_399) * 1000;
  const now = options.now ?? Date.now;
  /** Token → when it expires. */
  const issued = new Map<string, number>();
  const requests = { issued: 0, refused: 0 };

  function refuse(error: string, description: string): EmulatorAnswer {
    requests.refused++;
    return { status: 400, body: { error, error_description: description } };
  }

  return {
    requests,
    answer(request) {
      if (request.method !== 'POST') return { status: 404, body: { errors: 'Not Found' } };
      const fields = readFields(request);
      if (!fields) return refuse('invalid_request', 'The request body could not be read.');
      if (fields.grant_type !== 'client_credentials')
        return refuse('unsupported_grant_type', 'This shop accepts only the client_credentials grant here.');
      const clientId = fields.client_id;
      const clientSecret = fields.client_secret;
      if (!clientId || !clientSecret)
        return refuse('invalid_request', 'client_id and client_secret are required.');
      if (clients.get(clientId) !== clientSecret)
        return refuse('invalid_client', 'Client authentication failed.');
      const token = `shpat_${randomBytes(16).toString('hex')}`;
      issued.set(token, now() + ttlMs);
      requests.issued++;
      return {
        status: 200,
        body: { access_token: token, scope: grantedScope, expires_in: Math.round(ttlMs / 1000) },
      };
    },
    accepts(token) {
      const expiresAt = issued.get(token);
      return expiresAt !== undefined && now() < expiresAt;
    },
    expireAll() {
      const at = now();
      for (const token of issued.keys()) issued.set(token, at);
    },
  };
}

/** The token request's fields, form-encoded or JSON; undefined when the body is neither. */
function readFields(request: EmulatorRequest): Record<string, string | undefined> | undefined {
  const type = String(request.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    try {
      const value: unknown = JSON.parse(request.bodyText);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : undefined,
        ]),
      );
    } catch {
      return undefined;
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(request.bodyText));
  return undefined;
}
