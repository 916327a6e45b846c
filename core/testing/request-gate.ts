import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestGate {
  /** Point an app at this address instead of its emulator. */
  readonly url: string;
  /** Requests held while the gate is shut. */
  waiting(): number;
  /** Lets the held requests through, and every later one. */
  open(): void;
  close(): Promise<void>;
}

/**
 * A pass-through proxy in front of an emulator that holds every request until `open()`.
 * Tests use it to freeze a process at a known step (a run reading its first page)
 * instead of hoping a fixed sleep lands there on a slow machine.
 */
export async function startRequestGate(target: string): Promise<RequestGate> {
  let opened = false;
  const held: (() => void)[] = [];
  const server = createServer((req, res) => {
    const pass = () => void forward(target, req, res).catch(() => res.destroy());
    if (opened) pass();
    else held.push(pass);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    waiting: () => held.length,
    open() {
      opened = true;
      for (const pass of held.splice(0)) pass();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function forward(target: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
      headers.set(name, value);
  const method = req.method ?? 'GET';
  const answer = await fetch(new URL(req.url ?? '/', target), {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
  const body = Buffer.from(await answer.arrayBuffer());
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name))
      out[name] = value;
  });
  res.writeHead(answer.status, out);
  res.end(body);
}
