import { afterEach, describe, expect, it } from 'vitest';
import type { FlowInput } from '../../contract/flows.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import type { RunningEmulator } from './emulator-server.ts';
import { startPipedriveEmulator } from './pipedrive-emulator.ts';
import { startZendeskEmulator } from './zendesk-emulator.ts';

// A record deleted at the source, deleted through the app's own API, in a real sync over
// HTTP (engine, connector factory, retries): Zendesk's user export shows the user again
// with active false, Pipedrive's deal list shows the deal with status "deleted". Either
// way the run reports it as deleted at source — never read as a record, never a failure —
// and the next run does not count it again.

let harness: SyncHarness | undefined;
let source: RunningEmulator | undefined;
afterEach(async () => {
  await Promise.all([harness?.dispose(), source?.close()]);
  harness = source = undefined;
});

/** A harness (HubSpot as the target) with the source app added, signed in with its credential. */
async function withSource(
  preset: string,
  emulator: RunningEmulator,
  config: Record<string, string>,
  secret: string,
) {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  source = emulator;
  const app = await harness.call('apps.create', {
    name: preset,
    connector: { preset, config: { baseUrl: emulator.url, requestsPerSecond: '100000', ...config } },
  });
  await harness.call('secrets.set', { appId: app.id, value: secret });
  return { h: harness, appId: app.id };
}

/** Runs the flow again after the deletion: one deleted at source, nothing written, nothing failed. */
async function expectDeletedAtSource(h: SyncHarness, flowId: string, email: string) {
  const run = await h.call('flows.run', { id: flowId });
  expect(run).toMatchObject({
    status: 'succeeded',
    counts: { created: 0, updated: 0, failed: 0, deleted: 1 },
  });
  expect((await h.call('failures.list', { flowId })).total).toBe(0);
  const found = await h.call('runs.findRecord', { query: email });
  expect(found.records[0]!.runs[0]).toMatchObject({ runId: run.runId, outcome: 'deleted' });
  // The app shows the deletion again on the next run: it is not counted twice.
  const again = await h.call('flows.run', { id: flowId });
  expect(again).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 0, failed: 0 } });
  expect(again.counts.deleted ?? 0).toBe(0);
}

describe('a record deleted at the source, in a sync over HTTP', () => {
  it('a Zendesk user deleted through the API is reported as deleted at source, and its HubSpot contact left alone', async () => {
    const agent = 'agent@example.com';
    const token = 'zd-deletions-token';
    // No hold-back: the deletion is exported at once (the minute held back is the emulator test's).
    const zendesk = await startZendeskEmulator({ tokens: { [agent]: token }, holdBackMs: 0 });
    const { h, appId } = await withSource('zendesk', zendesk, { subdomain: 'acme', email: agent }, token);
    zendesk.store.seed('users', 5);
    const flow: FlowInput = {
      name: 'Helpdesk users to CRM contacts',
      sourceAppId: appId,
      sourceEntity: 'users',
      targetAppId: h.apps.hubspot.id,
      targetEntity: 'contacts',
      matchKey: 'email',
      mapping: [
        { target: 'email', source: 'email', required: true },
        { target: 'firstname', source: 'name' },
      ],
    };
    const created = await h.call('flows.create', flow);
    expect(await h.call('flows.run', { id: created.id })).toMatchObject({
      counts: { created: 5, failed: 0 },
    });

    const victim = zendesk.store.findUserByEmail('customer3@example.com')!;
    const basic = Buffer.from(`${agent}/token:${token}`).toString('base64');
    const deleted = await fetch(`${zendesk.url}/api/v2/users/${victim.id}.json`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(deleted.status).toBe(200);
    expect(victim.active).toBe(false);

    await expectDeletedAtSource(h, created.id, 'customer3@example.com');
    // Left alone by default: the contact is still there, as it was.
    expect(h.hubspot.store.findByEmail('customer3@example.com')?.properties.firstname).toBe('Customer 3');
    expect(h.hubspot.store.byId.size).toBe(5);
  });

  it('a Pipedrive deal deleted through the API is reported as deleted at source, and its HubSpot deal archived when the flow says so', async () => {
    const token = 'pd-deletions-token';
    const pipedrive = await startPipedriveEmulator({
      tokens: [token],
      rateLimit: { requests: 100_000, perMs: 2000 },
    });
    const { h, appId } = await withSource('pipedrive', pipedrive, { companyDomain: 'acme' }, token);
    pipedrive.store.seed('deals', 4);
    const flow: FlowInput = {
      name: 'Pipedrive deals to HubSpot deals',
      sourceAppId: appId,
      sourceEntity: 'deals',
      targetAppId: h.apps.hubspot.id,
      targetEntity: 'deals',
      matchKey: 'dealname',
      mapping: [
        { target: 'dealname', source: 'title', required: true },
        { target: 'amount', source: 'value' },
      ],
      deletedAtSource: 'remove',
    };
    const created = await h.call('flows.create', flow);
    expect(await h.call('flows.run', { id: created.id })).toMatchObject({
      counts: { created: 4, failed: 0 },
    });
    const copyOf = (title: string) =>
      [...h.hubspot.store.deals.byId.values()].find((d) => d.properties.dealname === title);
    const copy = copyOf('Deal 2')!;

    const deleted = await fetch(`${pipedrive.url}/api/v2/deals/2`, {
      method: 'DELETE',
      headers: { 'x-api-token': token },
    });
    expect(deleted.status).toBe(200);
    expect(pipedrive.store.items.deals.get(2)).toMatchObject({ status: 'deleted', is_deleted: true });

    await expectDeletedAtSource(h, created.id, 'Deal 2');
    // Removed in HubSpot too (archived), the other three untouched.
    expect(copyOf('Deal 2')).toBeUndefined();
    expect(h.hubspot.store.deals.archived.has(copy.id)).toBe(true);
    expect(h.hubspot.store.deals.byId.size).toBe(3);
  });
});
