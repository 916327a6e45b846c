import { randomUUID } from 'node:crypto';
import type { App } from '../contract/apps.ts';
import type { Flow, FlowInput } from '../contract/flows.ts';
import type { Manifest } from '../connectors/manifest/manifest-schema.ts';
import { builtInConnectors } from '../connectors/presets/index.ts';
import { contactsToCustomers } from '../demo/demo-flows.ts';
import { startHubSpotEmulator, type HubSpotEmulator } from '../demo/emulators/hubspot-emulator.ts';
import { startStripeEmulator, type StripeEmulator } from '../demo/emulators/stripe-emulator.ts';
import type { PatchbayClient } from '../contract/client.ts';
import { clientFor } from '../host/core-client.ts';
import { KeytarSecretStore } from '../secrets/keytar-secret-store.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Core } from '../host/core.ts';
import { openCore } from '../host/open-core.ts';
import type { RetryPolicy } from '../services/connector-factory.ts';
import type { Clock } from '../ports.ts';
import { makeTempDir } from './temp-workspace.ts';

export const hubspotToken = 'pat-na1-test-canary-7f3a9c';
export const stripeKey = 'sk_test_canary_51Hx9Q2e';

export { contactsToCustomers } from '../demo/demo-flows.ts';

/** The way back: Stripe customers into HubSpot contacts, which HubSpot upserts by email in batches. */
export const customersToContacts = (stripeId: string, hubspotId: string): FlowInput => ({
  name: 'Customers back to contacts',
  sourceAppId: stripeId,
  sourceEntity: 'customers',
  targetAppId: hubspotId,
  targetEntity: 'contacts',
  matchKey: 'email',
  mapping: [
    { target: 'email', source: 'email', required: true },
    { target: 'firstname', source: 'name' },
  ],
});

export interface SyncHarness {
  core: Core;
  dir: string;
  hubspot: HubSpotEmulator;
  stripe: StripeEmulator;
  apps: { hubspot: App; stripe: App };
  flow: Flow;
  /** The store the core keeps credentials in (open the workspace again with it). */
  secrets: SecretStore;
  /** The throw-away keychain service, when the harness is on the real keychain (child processes reach it by name). */
  secretService: string | undefined;
  /** Everything the core logged, errors with their stacks. */
  logs: string[];
  /** Calls an API method, typed by the contract: answers its value or throws the `ApiError`. */
  call: PatchbayClient['call'];
  dispose(): Promise<void>;
}

/**
 * A real workspace wired to two real emulators on 127.0.0.1, with credentials in the
 * real OS keychain (under a throw-away service name) unless `secrets` says where, and
 * the standard flow.
 */
export async function startSyncHarness(
  options: {
    retry?: RetryPolicy;
    probeDelaysMs?: readonly number[];
    autoRetryEveryMs?: number;
    clock?: Clock;
    /** Replaces presets by id (a Stripe without lookup, say); the apps keep their preset ids. */
    presets?: Record<string, Manifest>;
    /** Tests that are not about the keychain pass an `InMemorySecretStore`. */
    secrets?: SecretStore;
  } = {},
): Promise<SyncHarness> {
  const hubspot = await startHubSpotEmulator({
    tokens: [hubspotToken],
    rateLimit: { requests: 100_000, perMs: 10_000 },
  });
  const stripe = await startStripeEmulator({
    keys: [stripeKey],
    rateLimit: { requests: 100_000, perMs: 1000 },
  });
  const { dir, dispose } = makeTempDir();
  const secretService = options.secrets ? undefined : `PatchbayTest-${randomUUID()}`;
  const logs: string[] = [];
  const secrets = options.secrets ?? new KeytarSecretStore(secretService);
  const core = openCore({
    workspaceDir: dir,
    secrets,
    logger: {
      info: (message) => logs.push(message),
      error: (message, error) =>
        logs.push(`${message} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    },
    retry: options.retry ?? { maxAttempts: 10, baseMs: 5, capMs: 100, maxWaitMs: 5000 },
    probeDelaysMs: options.probeDelaysMs ?? [20],
    ...(options.autoRetryEveryMs ? { autoRetryEveryMs: options.autoRetryEveryMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.presets ? { builtIn: builtInWith(options.presets) } : {}),
  });
  const { call } = clientFor(core);
  const fast = { requestsPerSecond: '100000' };
  const hubspotApp = await call('apps.create', {
    name: 'HubSpot',
    category: 'crm',
    entities: [{ name: 'Contacts', systemOfRecord: true }],
    connector: { preset: 'hubspot', config: { baseUrl: hubspot.url, ...fast } },
  });
  const stripeApp = await call('apps.create', {
    name: 'Stripe',
    category: 'billing',
    entities: [{ name: 'Customers' }],
    connector: { preset: 'stripe', config: { baseUrl: stripe.url, ...fast } },
  });
  await call('secrets.set', { appId: hubspotApp.id, value: hubspotToken });
  await call('secrets.set', { appId: stripeApp.id, value: stripeKey });
  const flow = await call('flows.create', contactsToCustomers(hubspotApp.id, stripeApp.id));
  return {
    core,
    dir,
    hubspot,
    stripe,
    apps: { hubspot: hubspotApp, stripe: stripeApp },
    flow,
    secrets,
    secretService,
    logs,
    call,
    async dispose() {
      for (const account of await secrets.list()) await secrets.delete(account);
      core.close();
      await Promise.all([hubspot.close(), stripe.close()]);
      dispose();
    },
  };
}

/** The built-in connectors with some swapped for variants (tests only). */
function builtInWith(replacements: Record<string, Manifest>) {
  return builtInConnectors.map((entry) => {
    const manifest = Object.hasOwn(replacements, entry.manifest.id)
      ? replacements[entry.manifest.id]
      : undefined;
    return manifest ? { manifest, source: 'a test variant' } : entry;
  });
}
