// An office's proxy, as curl and most tools read it from the environment:
// HTTPS_PROXY / HTTP_PROXY name the proxy per target scheme, NO_PROXY the hosts reached
// directly. https://everything.curl.dev/usingcurl/proxies/env.html
// The host reads the environment (open-core.ts) and hands the settings to the client,
// so tests pass settings of their own and never touch process.env.

export interface ProxySettings {
  /** The proxy for http:// targets (absolute-form requests, RFC 9112 §3.2.2). */
  readonly httpProxy?: string;
  /** The proxy for https:// targets (a CONNECT tunnel, RFC 9110 §9.3.6). */
  readonly httpsProxy?: string;
  /**
   * Hosts reached without the proxy, comma- or space-separated: `*`, a host name (its
   * subdomains too, with or without a leading dot), an IP address, each with an optional
   * `:port`. Default: this computer only (localhost, 127.0.0.1, ::1).
   */
  readonly noProxy?: string;
}

/** This computer: a proxy elsewhere could not reach it, and the emulators live here. */
export const loopbackHosts = 'localhost,127.0.0.1,::1';

/**
 * The proxy settings in `env`. The lower-case names win, as in curl; a NO_PROXY that is
 * set, even empty, replaces the loopback default.
 */
export function proxySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const read = (name: string) => env[name.toLowerCase()] ?? env[name];
  const httpProxy = read('HTTP_PROXY')?.trim();
  const httpsProxy = read('HTTPS_PROXY')?.trim();
  const noProxy = read('NO_PROXY');
  return {
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy === undefined ? {} : { noProxy }),
  };
}

/** The proxy URL to reach `target` through, or undefined to connect directly. */
export function proxyFor(target: URL, settings: ProxySettings): URL | undefined {
  const proxy = target.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!proxy || bypasses(target, settings.noProxy ?? loopbackHosts)) return undefined;
  const url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  if (url.protocol !== 'http:') {
    throw new Error(`Patchbay reaches proxies over http:// only; the proxy is set to ${url.protocol}//.`);
  }
  return url;
}

function bypasses(target: URL, noProxy: string): boolean {
  const host = unbracketed(target.hostname.toLowerCase());
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const { name, port: entryPort } = hostAndPort(entry);
      if (entryPort !== undefined && entryPort !== port) return false;
      const bare = name.replace(/^\*?\./, '');
      return bare !== '' && (host === bare || host.endsWith(`.${bare}`));
    });
}

/** `host`, `host:port`, `[v6]:port`, or a bare IPv6 address (its colons are no port). */
function hostAndPort(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, ...(bracketed[2] ? { port: bracketed[2] } : {}) };
  const parts = entry.split(':');
  return parts.length === 2 ? { name: parts[0]!, port: parts[1]! } : { name: entry };
}

/** URL writes an IPv6 host in brackets; sockets and NO_PROXY want the address alone. */
export function unbracketed(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}
