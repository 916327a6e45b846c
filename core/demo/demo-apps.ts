import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningEmulator } from './emulators/emulator-server.ts';
import type { KeptStore } from './emulators/kept-records.ts';
import { startHubSpotEmulator } from './emulators/hubspot-emulator.ts';
import { startMailchimpEmulator } from './emulators/mailchimp-emulator.ts';
import { startPipedriveEmulator } from './emulators/pipedrive-emulator.ts';
import { startShopifyEmulator } from './emulators/shopify-emulator.ts';
import { startStripeEmulator } from './emulators/stripe-emulator.ts';
import { startZendeskEmulator } from './emulators/zendesk-emulator.ts';
import { startSignedInSheets } from './emulators/google-sheets-emulator.ts';
import { startOAuthEmulator } from './emulators/oauth-emulator.ts';
import { startXeroEmulator } from './emulators/xero-emulator.ts';
import {
  demoCustomers,
  demoLeads,
  demoOrders,
  demoPriceList,
  demoProducts,
  priceListHeader,
} from './demo-people.ts';

/** The simulated apps' own credentials: demo values, kept in the keychain like real ones. */
export const demoCredentials = {
  hubspot: 'pat-na1-demo-0f6c2d',
  stripe: 'sk_test_demo_4eC39HqLyjWDarjtT1zdp7dc',
  /** The client secret of the shop's Dev Dashboard app (its client id is `demoShopifyClientId`). */
  shopify: 'shpss_demo_5b1f0c9e2a7d4e3b',
  mailchimp: '5f2c9a0e7b1d4c3a8e6f0b2d4a6c8e0f-us19',
  zendesk: 'zd-demo-6Hq2vW9xK3pL',
  pipedrive: 'pd-demo-1e8b7c5a3f9d',
};

/** The shop's Dev Dashboard app: Patchbay buys its 24-hour Admin API tokens with this id and the secret. */
export const demoShopifyClientId = 'corner-shop-patchbay';

/**
 * The demo's apps that sign in through the browser (OAuth 2.0): the client registered for
 * Patchbay at each, and Google's Desktop-client secret (Google asks for it in the token
 * request). Demo values, kept in the keychain like real ones.
 */
export const demoOAuthClients = {
  xero: { id: 'patchbay-demo-xero' },
  googleSheets: { id: 'patchbay-demo-sheets', secret: 'GOCSPX-demo-8s1Kq4vT2mWz' },
};

/** The simulated HubSpot's account id (HubSpot calls it the portal or hub id): its record pages carry it. */
export const demoPortalId = '4410021';

/** A contact whose email Stripe refuses, so a new user sees a failure and can fix it. */
export const demoBrokenContact = {
  email: 'maria.garcia(at)example.com',
  firstname: 'Maria',
  lastname: 'Garcia',
};

/** A simulated app running now: where it is and how Patchbay's app of that name reaches it. */
export interface RunningDemoApp {
  /** The app's name in the demo's inventory. */
  readonly name: string;
  /** The connector (preset) id its app uses. */
  readonly preset: string;
  /** Saved in the keychain at each start: the app's key, or the OAuth client's secret before signing in. */
  readonly credential?: string;
  /**
   * The app signs in through the browser (OAuth 2.0): at each start the demo signs in for
   * the user, since its simulated sign-in server knows no token from last time.
   */
  readonly signsIn?: true;
  readonly emulator: RunningEmulator;
  /** The app's connection settings for this start (the emulator's port changes each time). */
  readonly config: Record<string, string>;
  readonly store: KeptStore;
  /** Fills a fresh app with the office's sample records. */
  seed(): void;
}

/**
 * The apps of the demo office that run on this PC, one entry each. Adding one is one
 * more entry here, its app in `demoApps` and its flows in `demoFlows`; its data is kept
 * under its preset id.
 */
const simulatedApps: readonly (() => Promise<RunningDemoApp>)[] = [
  async () => {
    // HubSpot's Professional tier: 190 requests per 10 seconds.
    const e = await startHubSpotEmulator({
      tokens: [demoCredentials.hubspot],
      rateLimit: { requests: 190, perMs: 10_000 },
    });
    return {
      name: 'HubSpot',
      preset: 'hubspot',
      credential: demoCredentials.hubspot,
      emulator: e,
      // The simulated HubSpot's account id, so a failed contact links to its page there.
      config: { baseUrl: e.url, portalId: demoPortalId },
      store: e.store,
      seed: () => {
        e.store.seedContacts(48);
        e.store.upsert(demoBrokenContact);
      },
    };
  },
  async () => {
    const e = await startStripeEmulator({
      keys: [demoCredentials.stripe],
      rateLimit: { requests: 25, perMs: 1000 },
    });
    const seed = () => undefined; // Stripe's customers all come from HubSpot
    return {
      name: 'Stripe',
      preset: 'stripe',
      credential: demoCredentials.stripe,
      emulator: e,
      config: { baseUrl: e.url },
      store: e.store,
      seed,
    };
  },
  async () => {
    // Shopify's Standard plan: a bucket of 40 requests, leaking 2 a second.
    const e = await startShopifyEmulator({
      clients: { [demoShopifyClientId]: demoCredentials.shopify },
      rateLimit: { requests: 40, perMs: 20_000 },
    });
    return {
      name: 'Shopify',
      preset: 'shopify',
      credential: demoCredentials.shopify,
      emulator: e,
      // A Dev Dashboard app (client credentials); the token address is the simulated shop's.
      config: {
        shop: 'corner-shop',
        clientId: demoShopifyClientId,
        tokenUrl: `${e.url}/admin/oauth/access_token`,
        baseUrl: `${e.url}/admin/api/2025-07`,
      },
      store: e.store,
      seed: () => {
        for (const product of demoProducts) e.store.add('products', product);
        for (const customer of demoCustomers) e.store.add('customers', customer);
        for (const order of demoOrders) e.store.add('orders', order);
      },
    };
  },
  async () => {
    const listId = 'b7c1e2d3f4';
    const e = await startMailchimpEmulator({ keys: [demoCredentials.mailchimp], listId });
    // The newsletter already has readers who signed up on the website.
    const seed = () => void e.store.seed(6, 24 * 60 * 60_000);
    const config = { listId, baseUrl: `${e.url}/3.0` };
    return {
      name: 'Mailchimp',
      preset: 'mailchimp',
      credential: demoCredentials.mailchimp,
      emulator: e,
      config,
      store: e.store,
      seed,
    };
  },
  async () => {
    const agent = 'help@corner-shop.example';
    // Zendesk Team: 200 requests a minute.
    const e = await startZendeskEmulator({
      tokens: { [agent]: demoCredentials.zendesk },
      rateLimit: { requests: 200, perMs: 60_000 },
    });
    const config = { subdomain: 'corner-shop', email: agent, baseUrl: e.url };
    const seed = () => void e.store.seed('tickets', 5);
    return {
      name: 'Zendesk',
      preset: 'zendesk',
      credential: demoCredentials.zendesk,
      emulator: e,
      config,
      store: e.store,
      seed,
    };
  },
  async () => {
    // Pipedrive's Essential plan: 20 requests per 2-second window per token.
    const e = await startPipedriveEmulator({
      tokens: [demoCredentials.pipedrive],
      rateLimit: { requests: 20, perMs: 2000 },
    });
    const seed = () => demoLeads.forEach((lead) => e.store.add('persons', lead));
    const config = { companyDomain: 'corner-shop', baseUrl: e.url };
    return {
      name: 'Pipedrive',
      preset: 'pipedrive',
      credential: demoCredentials.pipedrive,
      emulator: e,
      config,
      store: e.store,
      seed,
    };
  },
  async () => {
    // Xero's sign-in: PKCE through the browser, 30-minute access tokens, refresh tokens
    // that rotate; its API takes only the tokens its sign-in issued.
    const identity = await startOAuthEmulator({
      clientIds: [demoOAuthClients.xero.id],
      scopes: ['offline_access', 'accounting.contacts', 'accounting.invoices'],
    });
    // Xero's limit per organisation: 60 calls a minute.
    const e = await startXeroEmulator({
      tokens: [],
      tokenState: (token) => identity.accessTokenState(token),
      rateLimit: { requests: 60, perMs: 60_000 },
    }).catch(closing(identity));
    const config = {
      tenantId: e.tenantId,
      clientId: demoOAuthClients.xero.id,
      authorizeUrl: identity.authorizeUrl,
      tokenUrl: identity.tokenUrl,
      baseUrl: `${e.url}/api.xro/2.0`,
    };
    const seed = () => undefined; // the books' invoices all come from the shop
    return {
      name: 'Xero',
      preset: 'xero',
      signsIn: true,
      emulator: withSignIn(e, identity),
      config,
      store: e.store,
      seed,
    };
  },
  async () => {
    const { google, sheets } = await startSignedInSheets(demoOAuthClients.googleSheets, {
      sheet: 'Price list',
      header: [...priceListHeader],
    });
    const config = {
      spreadsheetId: sheets.store.spreadsheetId,
      sheet: sheets.sheet,
      keyColumn: 'handle',
      clientId: demoOAuthClients.googleSheets.id,
      authorizeUrl: google.authorizeUrl,
      tokenUrl: google.tokenUrl,
      baseUrl: sheets.url,
    };
    return {
      name: 'Google Sheets',
      preset: 'google-sheets',
      // Google's Desktop client has a secret its token endpoint asks for: saved before signing in.
      credential: demoOAuthClients.googleSheets.secret,
      signsIn: true,
      emulator: withSignIn(sheets, google),
      config,
      store: sheets.store,
      seed: () => sheets.store.seed(sheets.sheet, demoPriceList),
    };
  },
];

/** An app's API and its sign-in server, stopped together. */
function withSignIn(api: RunningEmulator, signIn: RunningEmulator): RunningEmulator {
  return { ...api, close: async () => void (await Promise.all([api.close(), signIn.close()])) };
}

/** Stops a sign-in server whose app's API did not start, and passes the error on. */
const closing = (signIn: RunningEmulator) => async (error: unknown) => {
  await signIn.close();
  throw error;
};

export interface DemoApps {
  readonly running: readonly RunningDemoApp[];
  /** The running app by its inventory name. */
  get(name: string): RunningDemoApp | undefined;
  stop(): Promise<void>;
}

type SavedState = Record<string, unknown>;

/**
 * The demo office's simulated apps: real HTTP servers on 127.0.0.1 with their public
 * APIs, seeded with an office's records (one of them broken on purpose). Their data is
 * kept in the demo workspace folder, so records synced yesterday are still there.
 */
export async function startDemoApps(workspaceDir: string): Promise<DemoApps> {
  const file = join(workspaceDir, 'demo-apps.json');
  const running: RunningDemoApp[] = [];
  try {
    for (const start of simulatedApps) running.push(await start());
  } catch (error) {
    await Promise.all(running.map((app) => app.emulator.close()));
    throw error;
  }
  const saved = readState(file);
  for (const app of running) {
    if (saved?.[app.preset] !== undefined) app.store.load(saved[app.preset]);
    else app.seed(); // a new app, or a demo file from before it joined the office
  }

  let savedAt = -1;
  const save = () => {
    const changes = running.reduce((sum, app) => sum + app.store.changes, 0);
    if (changes === savedAt) return;
    const state: SavedState = Object.fromEntries(running.map((app) => [app.preset, app.store.snapshot()]));
    // The simulated apps' customers, kept like the workspace database: readable by the user only.
    writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    savedAt = changes;
  };
  save();
  const timer = setInterval(save, 2000);
  timer.unref();
  return {
    running,
    get: (name) => running.find((app) => app.name === name),
    async stop() {
      clearInterval(timer);
      save();
      await Promise.all(running.map((app) => app.emulator.close()));
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
