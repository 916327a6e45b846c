// Proof Key for Code Exchange, RFC 7636: a desktop app cannot keep a client secret
// (RFC 8252 §8.4), so each authorization carries a one-time secret of its own.
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  /** Sent only to the token endpoint, with the code. */
  verifier: string;
  /** Sent with the consent request: BASE64URL(SHA256(verifier)). */
  challenge: string;
  method: 'S256';
}

const minLength = 43;
const maxLength = 128;

/**
 * A code verifier of `length` characters from the unreserved set (RFC 7636 §4.1).
 * base64url of crypto-random bytes only uses [A-Za-z0-9-_], which that set contains.
 */
export function createCodeVerifier(length = minLength): string {
  if (!Number.isInteger(length) || length < minLength || length > maxLength)
    throw new RangeError(`A PKCE code verifier is ${minLength} to ${maxLength} characters long.`);
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString('base64url')
    .slice(0, length);
}

/** The S256 challenge of a verifier (RFC 7636 §4.2); "plain" is never used. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkce(length?: number): Pkce {
  const verifier = createCodeVerifier(length);
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}

/** An unguessable `state` binding the redirect to this attempt (RFC 6749 §10.12, CSRF). */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
