// The measured Patchbay job: a fresh workspace, the two preset connectors, the standard
// HubSpot → Stripe flow, one `flows.run` through the public API, as the app would do it.
import { randomUUID } from 'node:crypto';
import type { App } from '../core/contract/apps.ts';
import type { Flow } from '../core/contract/flows.ts';
import type { RunResult } from '../core/engine/run-flow.ts';
import { KeytarSecretStore } from '../core/secrets/keytar-secret-store.ts';
import { contactsToCustomers } from '../core/testing/sync-harness.ts';
import { openBenchCore } from './bench-core.ts';
import { runJob, timed, type JobInput } from './job-protocol.ts';

const apps = {
  hubspot: { name: 'HubSpot', category: 'crm', entities: [{ name: 'Contacts', systemOfRecord: true }] },
  stripe: { name: 'Stripe', category: 'billing', entities: [{ name: 'Customers' }] },
};

async function syncWithPatchbay(input: JobInput) {
  // A throw-away keychain service, so the bench never touches a real workspace's credentials.
  const secrets = new KeytarSecretStore(`PatchbayBench-${randomUUID()}`);
  const { call, dispose } = openBenchCore(secrets);
  try {
    // Each app connected through its preset, with its credential in the keychain. The
    // emulators' limits are raised too: the bench measures Patchbay, not the throttle.
    const connect = async (preset: keyof typeof apps, baseUrl: string, secret: string) => {
      const config = { baseUrl, requestsPerSecond: '100000' };
      const app = await call<App>('apps.create', { ...apps[preset], connector: { preset, config } });
      await call('secrets.set', { appId: app.id, value: secret });
      return app;
    };
    const hubspot = await connect('hubspot', input.hubspotUrl, input.hubspotToken);
    const stripe = await connect('stripe', input.stripeUrl, input.stripeKey);
    const flow = await call<Flow>('flows.create', contactsToCustomers(hubspot.id, stripe.id));

    const { value: run, ms, cpuMs } = await timed(() => call<RunResult>('flows.run', { id: flow.id }));
    if (run.status !== 'succeeded') throw new Error(`The run ended ${run.status}: ${run.error ?? ''}`);
    return { counts: run.counts, syncMs: ms, syncCpuMs: cpuMs };
  } finally {
    for (const account of await secrets.list()) await secrets.delete(account);
    dispose();
  }
}

await runJob('Patchbay', syncWithPatchbay);
