import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

// A tiny real forward proxy on 127.0.0.1, as an office's would behave: absolute-form
// requests for http targets (RFC 9112 §3.2.2) and CONNECT tunnels for https ones
// (RFC 9110 §9.3.6). It records what it was asked, so a test can tell the client used it.

export interface LocalProxy {
  url: string;
  /** `GET http://host:port/path` for a forwarded request, `CONNECT host:port` for a tunnel. */
  seen: string[];
  /** The Proxy-Authorization headers it was sent, in order. */
  credentials: (string | undefined)[];
  close(): Promise<void>;
}

export interface LocalProxyOptions {
  /**
   * The `Proxy-Authorization` it asks for (`Basic …`); without it, it answers 407 with
   * `Proxy-Authenticate: Basic` (RFC 9110 §11.7.1), to a CONNECT or a forwarded request alike.
   */
  readonly requireCredentials?: string;
}

const signInAsked =
  'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="office"\r\nContent-Length: 0\r\n\r\n';

export async function startLocalProxy(options: LocalProxyOptions = {}): Promise<LocalProxy> {
  const signedIn = (incoming: IncomingMessage) =>
    options.requireCredentials === undefined ||
    incoming.headers['proxy-authorization'] === options.requireCredentials;
  const seen: string[] = [];
  const credentials: (string | undefined)[] = [];
  const tunnels = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    seen.push(`${incoming.method} ${incoming.url}`);
    credentials.push(incoming.headers['proxy-authorization']);
    if (!signedIn(incoming)) {
      outgoing.writeHead(407, { 'proxy-authenticate': 'Basic realm="office"' }).end();
      return;
    }
    const target = new URL(incoming.url ?? '');
    const { 'proxy-authorization': _, ...headers } = incoming.headers;
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: incoming.method,
        headers,
      },
      (answer: IncomingMessage) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  server.on('connect', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${incoming.url}`);
    credentials.push(incoming.headers['proxy-authorization']);
    if (!signedIn(incoming)) {
      client.end(signInAsked);
      return;
    }
    const [host, port] = (incoming.url ?? '').split(/:(?=\d+$)/);
    let open = false;
    const upstream = connect(Number(port), host, () => {
      open = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (open) client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    client.on('error', () => upstream.destroy());
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
