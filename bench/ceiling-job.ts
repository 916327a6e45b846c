// The ceiling: the same requests as the other jobs (contacts-to-customers.ts, orders-to-invoices.ts) on
// `node:http` with one keep-alive agent, and nothing else: no database, no mapping
// beyond building the form, no retries beyond a 429/5xx; the links live in a Map. No sync engine can be faster
// on this machine than this job, so Patchbay's ratio to it is what its own code costs.
import { Agent, request } from 'node:http';
import { concurrency, syncContacts, type Link, type SendText } from './contacts-to-customers.ts';
import { runJob, timed, type JobCounts } from './job-protocol.ts';
import { syncOrders } from './orders-to-invoices.ts';

// One socket per write in flight, and one for the search page.
const agent = new Agent({ keepAlive: true, maxSockets: concurrency + 1 });

const sendWithNodeHttp: SendText = ({ method, url, headers, body }) =>
  new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const retryAfter = response.headers['retry-after'];
        const link = response.headers.link as string | undefined;
        resolve({
          status: response.statusCode ?? 0,
          ...(retryAfter === undefined ? {} : { retryAfter }),
          ...(link === undefined ? {} : { link }),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });

/** Links live in a Map: a record seen again with the same change is not written again. */
async function atTheCeiling(
  sync: (links: Map<string, string>, committed: (written: Link[]) => void) => Promise<JobCounts>,
) {
  const links = new Map<string, string>();
  try {
    const {
      value: counts,
      ms,
      cpuMs,
    } = await timed(() =>
      sync(links, (written) => {
        for (const [sourceId, , modified] of written) links.set(sourceId, modified);
      }),
    );
    return { counts, syncMs: ms, syncCpuMs: cpuMs };
  } finally {
    agent.destroy();
  }
}

await runJob('Ceiling (node:http)', {
  contacts: (input) =>
    atTheCeiling((links, committed) =>
      syncContacts({
        input,
        send: sendWithNodeHttp,
        since: 0,
        changed: (c) => links.get(c.id) !== c.properties.lastmodifieddate,
        committed,
      }),
    ),
  orders: (input) =>
    atTheCeiling((links, committed) =>
      syncOrders({
        input,
        send: sendWithNodeHttp,
        since: undefined,
        written: (order) => links.get(String(order.id)),
        committed,
      }),
    ),
});
