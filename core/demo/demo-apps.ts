import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startHubSpotEmulator,
  type HubSpotContact,
  type HubSpotEmulator,
} from './emulators/hubspot-emulator.ts';
import {
  startStripeEmulator,
  type StripeCustomer,
  type StripeEmulator,
} from './emulators/stripe-emulator.ts';

/** The simulated apps' own credentials: demo values, kept in the keychain like real ones. */
export const demoCredentials = {
  hubspot: 'pat-na1-demo-0f6c2d',
  stripe: 'sk_test_demo_4eC39HqLyjWDarjtT1zdp7dc',
};

/** The simulated HubSpot's account id (HubSpot calls it the portal or hub id): its record pages carry it. */
export const demoPortalId = '4410021';

/** A contact whose email Stripe refuses, so a new user sees a failure and can fix it. */
export const demoBrokenContact = {
  email: 'maria.garcia(at)example.com',
  firstname: 'Maria',
  lastname: 'Garcia',
};

export interface DemoApps {
  hubspot: HubSpotEmulator;
  stripe: StripeEmulator;
  stop(): Promise<void>;
}

interface SavedState {
  hubspot: { contacts: HubSpotContact[]; nextId: number };
  stripe: StripeCustomer[];
}

/**
 * The demo's simulated HubSpot and Stripe: real HTTP servers on 127.0.0.1 with their
 * public APIs, seeded with an office's contacts (one of them broken on purpose). Their
 * data is kept in the demo workspace folder, so records synced yesterday are still there.
 */
export async function startDemoApps(workspaceDir: string): Promise<DemoApps> {
  const file = join(workspaceDir, 'demo-apps.json');
  const hubspot = await startHubSpotEmulator({
    tokens: [demoCredentials.hubspot],
    // HubSpot's Professional tier: 190 requests per 10 seconds.
    rateLimit: { requests: 190, perMs: 10_000 },
  });
  const stripe = await startStripeEmulator({
    keys: [demoCredentials.stripe],
    rateLimit: { requests: 25, perMs: 1000 },
  });
  const saved = readState(file);
  if (saved) {
    hubspot.store.load(saved.hubspot);
    stripe.store.load(saved.stripe);
  } else {
    hubspot.store.seedContacts(48);
    hubspot.store.upsert(demoBrokenContact);
  }

  let savedAt = -1;
  const save = () => {
    const changes = hubspot.store.changes + stripe.store.changes;
    if (changes === savedAt) return;
    const state: SavedState = { hubspot: hubspot.store.snapshot(), stripe: stripe.store.snapshot() };
    // The simulated apps' customers, kept like the workspace database: readable by the user only.
    writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    savedAt = changes;
  };
  save();
  const timer = setInterval(save, 2000);
  timer.unref();
  return {
    hubspot,
    stripe,
    async stop() {
      clearInterval(timer);
      save();
      await Promise.all([hubspot.close(), stripe.close()]);
    },
  };
}

function readState(file: string): SavedState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SavedState;
  } catch {
    return undefined; // a damaged demo file just starts the demo afresh
  }
}
