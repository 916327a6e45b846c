// Patchbay's own work in a HubSpot → Stripe sync, without the HTTP exchange: the same
// flow through the public API (`flows.run`), with the `HttpSend` port answered in memory
// (HubSpot's search pages, Stripe's empty lookups and created customers), so what is
// measured is the engine, the manifest connectors, the rate limiter and retries, the
// run store and SQLite — what Patchbay adds to the exchange `ceiling-job.ts` measures.
// One process, no emulators, no keychain: its CPU time is steady enough on a shared
// machine to compare two versions of the code by (alternate them, take medians).
//
//   node --max-semi-space-size=8 bench/own-work-bench.ts [--records 20000]   (add --cpu-prof for a profile)
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { App } from '../core/contract/apps.ts';
import type { Flow } from '../core/contract/flows.ts';
import type { HttpRequest, HttpResponse } from '../core/connectors/http/http-port.ts';
import type { RunResult } from '../core/engine/run-flow.ts';
import { createCore } from '../core/host/create-core.ts';
import { abortableSleep, systemClock } from '../core/host/system-ports.ts';
import { leaseOnWorkspace } from '../core/host/workspace-ownership.ts';
import type { NewId } from '../core/ports.ts';
import { nodeCronTimers } from '../core/scheduler/node-cron-timers.ts';
import { openDatabase } from '../core/storage/open-database.ts';
import { InMemorySecretStore } from '../core/testing/in-memory-secret-store.ts';
import { contactsToCustomers } from '../core/testing/sync-harness.ts';
import { makeTempDir } from '../core/testing/temp-workspace.ts';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '20000' } } });
const total = Number(args.records);
const epoch = Date.parse('2026-01-01T00:00:00Z');
const headers = { 'content-type': 'application/json' };

/** Contact i as HubSpot's search answers it, changed i seconds after the epoch. */
const contact = (i: number) => ({
  id: String(i),
  properties: {
    company: `Company ${i % 97}`,
    createdate: new Date(epoch).toISOString(),
    email: `contact${i}@example.com`,
    firstname: `First${i}`,
    hs_object_id: String(i),
    lastmodifieddate: new Date(epoch + i * 1000).toISOString(),
    lastname: `Last${i}`,
    phone: `+44 20 7946 ${String(i % 10000).padStart(4, '0')}`,
  },
  createdAt: new Date(epoch).toISOString(),
  updatedAt: new Date(epoch + i * 1000).toISOString(),
  archived: false,
});

/** HubSpot's search (its GTE filter and `after` honoured, so the 10,000-result restart works) and Stripe's customers. */
let created = 0;
async function answer(request: HttpRequest): Promise<HttpResponse> {
  await Promise.resolve();
  const url = new URL(request.url);
  if (url.pathname.endsWith('/contacts/search')) {
    const body = JSON.parse(request.body ?? '{}') as {
      filterGroups: { filters: { value: string }[] }[];
      after?: string;
      limit: number;
    };
    const first = Math.max(1, Math.ceil((Number(body.filterGroups[0]!.filters[0]!.value) - epoch) / 1000));
    const after = Number(body.after ?? 0);
    const last = Math.min(total, first + after + body.limit - 1);
    const results = [];
    for (let i = first + after; i <= last; i++) results.push(contact(i));
    const next = last < total ? { paging: { next: { after: String(after + body.limit) } } } : {};
    return { status: 200, headers, bodyText: JSON.stringify({ total: total - first + 1, results, ...next }) };
  }
  if (request.method === 'GET')
    return {
      status: 200,
      headers,
      bodyText: '{"object":"list","data":[],"has_more":false,"url":"/v1/customers"}',
    };
  const form = new URLSearchParams(request.body);
  created++;
  const customer = {
    id: `cus_${created}`,
    object: 'customer',
    balance: 0,
    created: 1767225600,
    email: form.get('email'),
    livemode: false,
    metadata: { hubspot_id: form.get('metadata[hubspot_id]') },
    name: form.get('name'),
    phone: form.get('phone'),
  };
  return { status: 200, headers, bodyText: JSON.stringify(customer) };
}

const { dir, dispose } = makeTempDir('patchbay-own-work-');
const { db, schemaVersion } = openDatabase(join(dir, 'workspace.db'));
const core = createCore({
  db,
  schemaVersion,
  workspaceDir: dir,
  clock: systemClock,
  logger: { info: () => {}, error: (message) => process.stderr.write(`${message}\n`) },
  newId: randomUUID as NewId,
  secrets: new InMemorySecretStore(),
  send: answer,
  sleep: abortableSleep,
  random: Math.random,
  scheduleTimers: nodeCronTimers,
  lease: leaseOnWorkspace(db, { kind: 'cli', expiryMs: 60_000 }),
});
const call = async <T>(name: string, input: unknown): Promise<T> => {
  const result = await core.invoke(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
};
try {
  const app = async (preset: string, name: string, entity: string, secret: string) => {
    const made = await call<App>('apps.create', {
      name,
      category: preset === 'hubspot' ? 'crm' : 'billing',
      entities: [{ name: entity, ...(preset === 'hubspot' ? { systemOfRecord: true } : {}) }],
      // The address is never dialled: `answer` stands in for the HTTP client.
      connector: { preset, config: { baseUrl: 'http://127.0.0.1:9', requestsPerSecond: '100000' } },
    });
    await call('secrets.set', { appId: made.id, value: secret });
    return made;
  };
  const hubspot = await app('hubspot', 'HubSpot', 'Contacts', 'pat-na1-own-work');
  const stripe = await app('stripe', 'Stripe', 'Customers', 'sk_test_own_work');
  const flow = await call<Flow>('flows.create', contactsToCustomers(hubspot.id, stripe.id));
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const run = await call<RunResult>('flows.run', { id: flow.id });
  const cpu = process.cpuUsage(cpuBefore);
  if (run.status !== 'succeeded' || run.counts.created !== total)
    throw new Error(`The run ended ${run.status} with ${JSON.stringify(run.counts)}: ${run.error ?? ''}`);
  console.log(
    `${total.toLocaleString('en')} records: CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms ` +
      `(user ${(cpu.user / 1000).toFixed(0)}), wall ${(performance.now() - start).toFixed(0)} ms`,
  );
} finally {
  core.close();
  dispose();
}
