// The ceiling: the same requests as the other jobs (contacts-to-customers.ts) on
// `node:http` with one keep-alive agent, and nothing else: no database, no mapping
// beyond building the form, no retries beyond a 429/5xx; the links live in a Map. No sync engine can be faster
// on this machine than this job, so Patchbay's ratio to it is what its own code costs.
import { Agent, request } from 'node:http';
import { concurrency, syncContacts, type SendText } from './contacts-to-customers.ts';
import { runJob, timed, type JobInput } from './job-protocol.ts';

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
        resolve({
          status: response.statusCode ?? 0,
          ...(retryAfter === undefined ? {} : { retryAfter }),
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });

async function syncAtTheCeiling(input: JobInput) {
  // The search restart re-reads the newest moment: a contact seen with the same change is not written again.
  const links = new Map<string, string>();
  try {
    const {
      value: counts,
      ms,
      cpuMs,
    } = await timed(() =>
      syncContacts({
        input,
        send: sendWithNodeHttp,
        since: 0,
        changed: (c) => links.get(c.id) !== c.properties.lastmodifieddate,
        committed: (written) => {
          for (const [sourceId, , modified] of written) links.set(sourceId, modified);
        },
      }),
    );
    return { counts, syncMs: ms, syncCpuMs: cpuMs };
  } finally {
    agent.destroy();
  }
}

await runJob('Ceiling (node:http)', syncAtTheCeiling);
