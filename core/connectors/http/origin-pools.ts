import { Agent as HttpAgent, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { proxyFor, unbracketed, type ProxySettings } from './proxy-settings.ts';
import { proxyAuthorization, ProxyTunnelAgent } from './proxy-tunnel-agent.ts';

/** Connections an origin keeps when no request said how many its app may use. */
const defaultConnections = 4;

export interface OriginPoolsOptions {
  readonly proxy: ProxySettings;
  /**
   * Certificates to trust instead of the system's (Node's bundled roots plus
   * NODE_EXTRA_CA_CERTS): tests only.
   */
  readonly ca?: string | readonly string[];
  /** A kept connection unused this long is closed (the server's Keep-Alive hint may shorten it). */
  readonly idleMs: number;
  /** How long a proxy may take to open a tunnel. */
  readonly connectTimeoutMs: number;
}

/** Where one request goes: the pool, and where its socket connects and what it says. */
export interface Route {
  readonly agent: HttpAgent;
  readonly secure: boolean;
  readonly hostname: string;
  readonly port: string;
  /** The request target: origin-form, or absolute-form to an http proxy (RFC 9112 §3.2.2). */
  readonly path: string;
  /** Headers a proxy needs (Host of the target, credentials), added to the request's own. */
  readonly headers: OutgoingHttpHeaders;
  /** The http proxy that answers for the target (absolute-form), so a 407 is the proxy's. */
  readonly viaProxy?: URL;
}

interface Pool {
  readonly agent: HttpAgent;
  /** The http proxy that receives absolute-form requests for this origin. */
  readonly forwardTo: URL | undefined;
}

/**
 * One keep-alive pool per origin, so a connector's requests reuse its sockets instead
 * of opening one per request, and an app with a slow origin holds no other app's
 * sockets. A pool keeps as many sockets as the largest `connections` asked of it.
 */
export function createOriginPools(options: OriginPoolsOptions) {
  const pools = new Map<string, Pool>();

  function poolFor(url: URL, connections: number): Pool {
    let pool = pools.get(url.origin);
    if (!pool) {
      const proxy = proxyFor(url, options.proxy);
      const agentOptions: AgentOptions = {
        keepAlive: true,
        maxSockets: connections,
        timeout: options.idleMs,
        ...(options.ca === undefined ? {} : { ca: options.ca as string | string[] }),
      };
      if (url.protocol === 'https:')
        pool = {
          agent: proxy
            ? new ProxyTunnelAgent(proxy, agentOptions, options.connectTimeoutMs)
            : new HttpsAgent(agentOptions),
          forwardTo: undefined,
        };
      else pool = { agent: new HttpAgent(agentOptions), forwardTo: proxy };
      pools.set(url.origin, pool);
    }
    return pool;
  }

  return {
    route(url: URL, connections: number | undefined): Route {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new Error(`Patchbay speaks http and https only, not ${url.protocol}`);
      const { agent, forwardTo } = poolFor(url, connections ?? defaultConnections);
      // Raised, never lowered: two apps on one origin share its pool.
      if (connections !== undefined && connections > agent.maxSockets) agent.maxSockets = connections;
      if (forwardTo)
        return {
          agent,
          secure: false,
          hostname: unbracketed(forwardTo.hostname),
          port: forwardTo.port || '80',
          path: url.href,
          headers: { host: url.host, ...proxyAuthorization(forwardTo) },
          viaProxy: forwardTo,
        };
      return {
        agent,
        secure: url.protocol === 'https:',
        hostname: unbracketed(url.hostname),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        headers: {},
      };
    },

    /** Closes every kept connection; a later request opens new ones. */
    close(): void {
      for (const { agent } of pools.values()) agent.destroy();
      pools.clear();
    },
  };
}

export type OriginPools = ReturnType<typeof createOriginPools>;
