import { decodedOrUndefined } from './percent-decoding.ts';

// Checks on an app's connection settings (`connector.config`), which travel in
// workspace files between offices: they must never hold a credential, and an address
// must not send the app's key somewhere it should not go. Pure: the UI shows the same
// words.

const whereCredentialsGo =
  'Save it under Credentials (Apps → the app → Credentials, or "patchbay secrets set APP") so it goes to the keychain.';

/** Setting names that hold a credential (Authorization headers, passwords, private keys…). */
const credentialName =
  /secret|passw(or)?d|passwd|passphrase|pwd|token|api[_-]?key|authori[sz]ation|credential|private[_-]?key|bearer|cookie|session|(^|[_-])(pass|pw)($|[_-])/i;

/**
 * Prefixes of well-known keys: Stripe secret/restricted, HubSpot, Shopify, GitHub, Slack,
 * Google (client secrets, `ya29.` access tokens), Airtable personal access tokens, AWS.
 */
const knownKeyPrefix =
  /^(?:bearer\s|basic\s|(?:sk|rk)_(?:live|test)_|pat-|shp(?:at|ss|ca|pa)_|gh[pousr]_|github_pat_|xox[abprs]-|GOCSPX-|ya29\.|pat[A-Za-z0-9]{14}\.|AKIA[0-9A-Z]{12})/i;
/** A JSON Web Token (three base64url parts, the first two starting `eyJ`). */
const jwt = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*$/;
/** Mailchimp's API key: 32 hex digits and the data-centre suffix. */
const mailchimpKey = /^[0-9a-f]{32}-[a-z]{2,4}\d{1,3}$/;

/**
 * A long run of letters and digits in mixed case with no dots or spaces reads as a
 * random key; client ids (hex, UUIDs, hostnames) and addresses do not match.
 */
function looksRandom(value: string): boolean {
  // A folder's path (/home/office/Exports/tmp-Ab3x) is not a key, though it may hold a random-named folder.
  if (/^\/[^/]/.test(value) && !/[+=]/.test(value) && value.split('/').filter(Boolean).length >= 2)
    return false;
  return (
    value.length >= 32 &&
    /^[A-Za-z0-9_\-+/=]+$/.test(value) &&
    /[a-z]/.test(value) &&
    /[A-Z]/.test(value) &&
    /[0-9]/.test(value)
  );
}

/** A key of a known shape (a vendor prefix, a JWT, a Mailchimp key). */
function looksLikeKnownKey(value: string): boolean {
  const text = value.trim();
  return knownKeyPrefix.test(text) || jwt.test(text) || mailchimpKey.test(text);
}

export function looksLikeCredential(value: string): boolean {
  return looksLikeKnownKey(value) || looksRandom(value.trim());
}

/**
 * A setting named as an identifier (`clientId`, `spreadsheetId`, `realmId`) may hold a
 * long random-looking id; only a key of a known shape is refused there.
 */
const identifierName = /(Id|ID|[_-]id)$|^id$/;

/** Settings whose value is an address (`baseUrl`, `tokenUrl`, `authorizeUrl`). */
export function isAddressSetting(name: string): boolean {
  return /url$/i.test(name);
}

const loopbackHosts = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Why an app's address is refused, or undefined when it is fine: `https:` anywhere,
 * `http:` only to this PC (an emulator, a local proxy), never a user or password in it.
 */
export function addressProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a web address. Write it in full, for example https://api.example.com.';
  }
  if (url.username !== '' || url.password !== '')
    return `cannot hold a user name or password. ${whereCredentialsGo}`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:')
    return isLoopback(url.hostname)
      ? undefined
      : 'must start with https:// (plain http:// is only allowed to this PC, such as http://127.0.0.1).';
  return 'must start with https://.';
}

/** Why a setting is refused, in plain words after its name, or undefined when it is fine. */
export function settingProblem(name: string, value: string): string | undefined {
  if (isAddressSetting(name)) {
    const problem = addressProblem(value);
    if (problem) return problem;
    const url = new URL(value);
    for (const [key, item] of url.searchParams)
      if (credentialName.test(key) || looksLikeCredential(key) || looksLikeCredential(item))
        return `carries a credential in its query. ${whereCredentialsGo}`;
    const parts = [...url.pathname.split('/'), url.hash.slice(1)].map(
      (part) => decodedOrUndefined(part) ?? part,
    );
    if (parts.some((part) => looksLikeKnownKey(part)))
      return `carries what looks like a key in its path. ${whereCredentialsGo}`;
    return undefined;
  }
  if (credentialName.test(name))
    return `looks like a credential, and connection settings cannot hold credentials. ${whereCredentialsGo}`;
  if (identifierName.test(name) ? looksLikeKnownKey(value) : looksLikeCredential(value))
    return `holds a value that looks like a key or token, and connection settings cannot hold credentials. ${whereCredentialsGo}`;
  return undefined;
}
