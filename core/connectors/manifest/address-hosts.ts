import { z } from 'zod';

// A whole address as a connection value: Pipedrive's token answer names the company's
// own server (`api_domain: "https://mycompany.pipedrive.com"`), and the connector's
// `baseUrl` starts with it (`{{config.apiDomain}}/api/v2`). Since the value chooses the
// server the credential goes to, the manifest declares the host patterns it may name
// (`hosts: ["*.pipedrive.com"]`), and the value is checked when it is captured or saved
// and again before every request: https, no user name or port, a host that matches.

/** The one exception to https and default ports: this PC (tests, emulators), named exactly. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** Lower-case DNS labels, the last one starting with a letter (a name, not an IP address). */
const domainName = `(?:${label}\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?`;
/** A pattern: this PC by name, or a domain name with an optional leading `*.` (a regex, so editors check it too). */
const hostPatternForm = new RegExp(`^(?:127\\.0\\.0\\.1|localhost|\\[::1\\]|(?:\\*\\.)?${domainName})$`);

/**
 * One host an address value may name: `api.example.com`, or `*.example.com` where `*`
 * is exactly one label (`acme.example.com`, never `a.b.example.com` or `example.com`).
 * `127.0.0.1` or `localhost` for a local server.
 */
export const hostPatternSchema = z.string().max(253).regex(hostPatternForm, {
  error:
    'A host pattern is a lower-case host name such as "api.example.com", or "*.example.com" where * stands for one name; no scheme, port, path or other *.',
});

/** The hosts a whole-address value may name; one of them must match. */
export const addressHostsSchema = z.array(hostPatternSchema).min(1).max(10);

/** Whether `host` (as a URL gives it, lower case) is what `pattern` allows: `*` is exactly one label. */
export function hostMatches(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const suffix = pattern.slice(1);
  const first = host.slice(0, host.length - suffix.length);
  return host.endsWith(suffix) && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(first);
}

/**
 * The value as an origin (`https://mycompany.pipedrive.com`) when it is only a server
 * whose host matches a pattern; otherwise why not, in plain words, and the host it named.
 */
export function checkAddressValue(
  value: unknown,
  patterns: readonly string[],
): { origin: string } | { problem: string; host: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!URL.canParse(text)) return { problem: 'is not a web address', host: text.slice(0, 80) };
  const url = new URL(text);
  const host = url.host;
  if (url.username !== '' || url.password !== '') return { problem: 'carries a user name or password', host };
  if (!patterns.some((pattern) => hostMatches(pattern, url.hostname)))
    return { problem: `is not one of the hosts the connector declares (${patterns.join(', ')})`, host };
  // The host matched, so a loopback one is a host the connector names itself (a test, an emulator).
  const loopback = loopbackHosts.has(url.hostname);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:'))
    return { problem: 'is not an https address', host };
  if (url.port !== '' && !loopback) return { problem: 'names a port', host };
  if (!['', '/'].includes(url.pathname) || url.search !== '' || url.hash !== '')
    return { problem: 'is more than a server address (scheme and host only)', host };
  return { origin: url.origin };
}

interface AddressValueSources {
  readonly settings: readonly { readonly name: string; readonly hosts?: readonly string[] | undefined }[];
  readonly auth: {
    readonly type: string;
    readonly capture?: readonly {
      readonly name: string;
      readonly label?: string | undefined;
      readonly hosts?: readonly string[] | undefined;
    }[];
  };
}

/** The values that hold a whole address, with the hosts each may name: declared settings and captured values. */
export function addressValueHosts(manifest: AddressValueSources): ReadonlyMap<string, readonly string[]> {
  const hosts = new Map<string, readonly string[]>();
  const capture = manifest.auth.type === 'oauth2' ? (manifest.auth.capture ?? []) : [];
  for (const { name, hosts: patterns } of [...manifest.settings, ...capture])
    if (patterns !== undefined) hosts.set(name, patterns);
  return hosts;
}

/** `{{config.apiDomain}}` at the very start of an address template: the value that is its server. */
export function leadingAddressValue(template: string): { name: string; rest: string } | undefined {
  const match = /^\{\{\s*config\.([A-Za-z][A-Za-z0-9_]*)\s*\}\}(.*)$/s.exec(template);
  return match ? { name: match[1]!, rest: match[2]! } : undefined;
}
