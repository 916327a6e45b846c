// The measured Patchbay job: a fresh workspace, the two preset connectors, the job's
// flow (HubSpot contacts → Stripe customers, or Shopify orders → Xero invoices), one
// `flows.run` through the public API, as the app would do it.
import { randomUUID } from 'node:crypto';
import type { App } from '../core/contract/apps.ts';
import type { Flow, FlowInput } from '../core/contract/flows.ts';
import type { RunResult } from '../core/engine/run-flow.ts';
import { KeytarSecretStore } from '../core/secrets/keytar-secret-store.ts';
import { ordersToInvoices, shopifyApp, xeroApp, xeroSignIn } from '../core/testing/orders-to-invoices.ts';
import { contactsToCustomers } from '../core/testing/sync-harness.ts';
import { openBenchCore } from './bench-core.ts';
import { runJob, timed } from './job-protocol.ts';

/** Apps to create (with their credentials) and the flow between them. */
interface JobSetup {
  source: { app: object; secret: string };
  target: { app: object; secret: string };
  flow: (sourceId: string, targetId: string) => FlowInput;
}

// The emulators' limits are raised too: the bench measures Patchbay, not the throttle.
const fast = { requestsPerSecond: '100000' };

async function syncWithPatchbay(setup: JobSetup) {
  // A throw-away keychain service, so the bench never touches a real workspace's credentials.
  const secrets = new KeytarSecretStore(`PatchbayBench-${randomUUID()}`);
  const { call, dispose } = openBenchCore(secrets);
  try {
    // Each app connected through its preset, with its credential in the keychain.
    const connect = async ({ app, secret }: JobSetup['source']) => {
      const created = await call<App>('apps.create', app);
      await call('secrets.set', { appId: created.id, value: secret });
      return created;
    };
    const source = await connect(setup.source);
    const target = await connect(setup.target);
    const flow = await call<Flow>('flows.create', setup.flow(source.id, target.id));

    const { value: run, ms, cpuMs } = await timed(() => call<RunResult>('flows.run', { id: flow.id }));
    if (run.status !== 'succeeded') throw new Error(`The run ended ${run.status}: ${run.error ?? ''}`);
    return { counts: run.counts, syncMs: ms, syncCpuMs: cpuMs };
  } finally {
    for (const account of await secrets.list()) await secrets.delete(account);
    dispose();
  }
}

await runJob('Patchbay', {
  contacts: (input) =>
    syncWithPatchbay({
      source: {
        app: {
          name: 'HubSpot',
          category: 'crm',
          entities: [{ name: 'Contacts', systemOfRecord: true }],
          connector: { preset: 'hubspot', config: { baseUrl: input.hubspotUrl, ...fast } },
        },
        secret: input.hubspotToken,
      },
      target: {
        app: {
          name: 'Stripe',
          category: 'billing',
          entities: [{ name: 'Customers' }],
          connector: { preset: 'stripe', config: { baseUrl: input.stripeUrl, ...fast } },
        },
        secret: input.stripeKey,
      },
      flow: contactsToCustomers,
    }),
  orders: (input) =>
    syncWithPatchbay({
      source: { app: shopifyApp(input.shopifyUrl), secret: input.shopifyClientSecret },
      target: { app: xeroApp(input.xeroUrl, input.xeroTenantId), secret: xeroSignIn },
      flow: ordersToInvoices,
    }),
});
