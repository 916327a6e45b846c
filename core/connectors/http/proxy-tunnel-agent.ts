import { request, type OutgoingHttpHeaders } from 'node:http';
import { Agent, type AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions } from 'node:tls';
import { ProxyRefusedError } from './http-port.ts';
import { unbracketed } from './proxy-settings.ts';

/**
 * An https pool whose sockets are TLS over a CONNECT tunnel through an http proxy
 * (RFC 9110 §9.3.6): the proxy sees the host and port, never the request. The TLS
 * handshake checks the target's certificate, not the proxy's, exactly as without it.
 */
export class ProxyTunnelAgent extends Agent {
  readonly #proxy: URL;
  readonly #connectTimeoutMs: number;

  constructor(proxy: URL, options: AgentOptions, connectTimeoutMs: number) {
    super(options);
    this.#proxy = proxy;
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  // Node's Agent takes a socket handed to the callback (http.md, agent.createConnection).
  override createConnection(
    options: ConnectionOptions,
    done: (error: Error | null, socket?: Duplex) => void,
  ): undefined {
    const host = String(options.host);
    const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port}`;
    const tunnel = request({
      host: unbracketed(this.#proxy.hostname),
      port: this.#proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(this.#proxy) },
      agent: false,
    });
    // A timer of its own: the tunnel's socket timeout would stay on the kept connection.
    const timer = setTimeout(
      () => tunnel.destroy(tunnelTimedOut(this.#proxy, authority)),
      this.#connectTimeoutMs,
    );
    tunnel.once('connect', (answer, socket) => {
      clearTimeout(timer);
      if (answer.statusCode !== 200) {
        socket.destroy();
        done(new ProxyRefusedError(this.#proxy, authority, answer.statusCode ?? 0));
        return;
      }
      done(null, connect({ ...options, socket, servername: options.servername ?? host }));
    });
    // The proxy unreachable: ECONNREFUSED / ENOTFOUND, as when connecting directly.
    tunnel.once('error', (error) => {
      clearTimeout(timer);
      done(error);
    });
    tunnel.end();
    return undefined;
  }
}

/** Basic credentials written in the proxy URL (http://user:password@proxy:3128). */
export function proxyAuthorization(proxy: URL): OutgoingHttpHeaders {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** The proxy did not answer the CONNECT in time: the request was never sent. */
function tunnelTimedOut(proxy: URL, authority: string): Error {
  return Object.assign(new Error(`The proxy ${proxy.host} did not open a tunnel to ${authority} in time.`), {
    code: 'ETIMEDOUT',
  });
}
