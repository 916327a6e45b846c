import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  contactsToCustomers,
  hubspotToken,
  startSyncHarness,
  stripeKey,
  type SyncHarness,
} from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Everything Patchbay keeps or shows that a secret could leak into. */
async function everythingKept(h: SyncHarness, shown: unknown[]): Promise<string> {
  const files = ['patchbay.db', 'patchbay.db-wal']
    .map((f) => join(h.dir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'));
  const api = await Promise.all(
    (['workspace.export', 'apps.list', 'flows.list', 'apps.circuits'] as const).map((m) => h.call(m)),
  );
  const failures = await h.call('failures.list', { states: ['open', 'needs-attention', 'resolved'] });
  return [...files, ...h.logs, JSON.stringify([api, failures, shown])].join('\n');
}

it('keeps credentials out of the database, logs, events, failures, errors and exports', async () => {
  harness = await startSyncHarness();
  const h = harness;
  const events: unknown[] = [];
  h.core.onEvent((event) => events.push(event));
  h.hubspot.store.seedContacts(30);
  h.hubspot.store.upsert({ email: 'broken' });
  const runs: unknown[] = [await h.call('flows.run', { id: h.flow.id })];

  const wrongKey = 'sk_test_wrong_canary_5a1f2e9d';
  await h.call('secrets.set', { appId: h.apps.stripe.id, value: wrongKey });
  h.hubspot.store.upsert({ firstname: 'Again' }, '3');
  runs.push(await h.call('flows.run', { id: h.flow.id }));
  expect(runs[1]).toMatchObject({ status: 'failed', errorClass: 'auth' });

  const kept = await everythingKept(h, [events, runs]);
  for (const secret of [hubspotToken, stripeKey, wrongKey]) expect(kept).not.toContain(secret);
});

it('cuts a credential out of an app error that quotes it back', async () => {
  harness = await startSyncHarness();
  const h = harness;
  // An app that echoes the Authorization header in its error, as some do.
  const echo = createServer((req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: `Bad request with ${req.headers.authorization}`,
      }),
    );
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => echo.close(() => resolve())));
  const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  const app = await h.call('apps.create', {
    name: 'Echoing CRM',
    category: 'crm',
    connector: { preset: 'hubspot', config: { baseUrl: echoUrl } },
  });
  const token = 'pat-eu1-echoed-canary-0c4d';
  await h.call('secrets.set', { appId: app.id, value: token });
  const flow = await h.call('flows.create', {
    ...contactsToCustomers(app.id, h.apps.stripe.id),
    name: 'Echo to Stripe',
  });

  const run = await h.call('flows.run', { id: flow.id });
  expect(run.status).toBe('failed');
  expect(run.error).toContain('Bad request with Bearer [redacted]');
  expect(await everythingKept(h, [run])).not.toContain(token);
});
