import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowInput } from '../../contract/flows.ts';
import { parseManifest, type Manifest } from '../../connectors/manifest/manifest-schema.ts';
import airtablePreset from '../../connectors/presets/airtable.json' with { type: 'json' };
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import { startAirtableEmulator } from './airtable-emulator.ts';
import type { RunningEmulator } from './emulator-server.ts';
import type { FaultSettings } from './faults.ts';
import { startSignedInSheets } from './google-sheets-emulator.ts';
import type { OAuthEmulator } from './oauth-emulator.ts';
import { visitInBrowser } from '../../testing/oauth-test-kit.ts';
import { parseTokenBundle } from '../../secrets/oauth/token-bundle.ts';

// Airtable and Google Sheets in a real sync through the core (engine, factory, retries,
// rate limiter): 2,000 HubSpot contacts into each through its emulator with faults on.
// Every record arrives exactly once, the run's counts add up, and a second run after one
// change at the source updates only that one.

const total = 2_000;
let harness: SyncHarness | undefined;
let target: RunningEmulator | undefined;
let google: OAuthEmulator | undefined;
afterEach(async () => {
  await Promise.all([harness?.dispose(), target?.close(), google?.close()]);
  harness = target = google = undefined;
});

/** Throttles, 5xx before and after a write, lost answers, cut bodies. */
const faults: FaultSettings = {
  seed: 31,
  rate429: { probability: 0.03 },
  server5xx: { probability: 0.03 },
  lostWriteAnswer: { probability: 0.04, writesOnly: true },
  serverErrorAfterWrite: { probability: 0.03, status: 504 },
  dropConnection: { probability: 0.02 },
  malformedJson: { probability: 0.02 },
};

async function connect(
  preset: string,
  emulator: RunningEmulator,
  config: Record<string, string>,
  secret: string | undefined,
  presets?: Record<string, Manifest>,
) {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore(), ...(presets ? { presets } : {}) });
  target = emulator;
  const app = await harness.call('apps.create', {
    name: preset,
    connector: { preset, config: { baseUrl: emulator.url, ...config } },
  });
  if (secret !== undefined) await harness.call('secrets.set', { appId: app.id, value: secret });
  harness.hubspot.store.seedContacts(total);
  return { h: harness, appId: app.id };
}

/** The same three fields into either app, matched by email. */
const flowInto = (h: SyncHarness, targetAppId: string, targetEntity: string): FlowInput => ({
  name: `HubSpot contacts to ${targetEntity}`,
  sourceAppId: h.apps.hubspot.id,
  sourceEntity: 'contacts',
  targetAppId,
  targetEntity,
  matchKey: 'Email',
  mapping: [
    { source: 'email', target: 'Email', required: true, transforms: [{ type: 'case', to: 'lower' }] },
    { target: 'Name', template: '{{firstname}} {{lastname}}' },
    { source: 'phone', target: 'Phone' },
  ],
});

/**
 * With every fault on, the first run creates each contact once, through lost answers,
 * 5xx after writes and 429s; answers the flow's id, faults cleared.
 */
async function firstRunWithFaults(h: SyncHarness, appId: string, entity: string, emulator: RunningEmulator) {
  emulator.faults.set(faults);
  const flow = await h.call('flows.create', flowInto(h, appId, entity));
  const first = await h.call('flows.run', { id: flow.id });
  expect(first).toMatchObject({
    status: 'succeeded',
    counts: { read: total, created: total, updated: 0, failed: 0 },
  });
  expect(emulator.faults.fired.lostWriteAnswer + emulator.faults.fired.serverErrorAfterWrite).toBeGreaterThan(
    0,
  );
  expect(emulator.stats.answered429).toBeGreaterThan(0);
  emulator.faults.clear();
  return flow.id;
}

/** One contact renamed in HubSpot: the next run updates that one and creates nothing. */
async function renameOneAndRun(h: SyncHarness, flowId: string) {
  h.hubspot.store.upsert({ firstname: 'Renamed' }, '7');
  const second = await h.call('flows.run', { id: flowId });
  expect(second).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 1, failed: 0 } });
}

describe('2,000 records into Airtable and Google Sheets with faults on', () => {
  it('HubSpot contacts become Airtable records, upserted 10 at a time, each once', async () => {
    const token = 'patSyncToken.0001';
    // The emulator's limit stays on (its cool-down shortened), and the preset waits as long
    // as the emulator cools down: Airtable's 30 s, scaled to 20 ms.
    const airtable = await startAirtableEmulator({ tokens: [token], perSecond: 400, coolDownMs: 20 });
    const [, ...otherRules] = airtablePreset.errors.rules;
    const manifest = parseManifest({
      ...airtablePreset,
      errors: {
        ...airtablePreset.errors,
        rules: [{ status: [429], class: 'rate_limit', retryAfterMs: 20 }, ...otherRules],
      },
    });
    const { h, appId } = await connect(
      'airtable',
      airtable,
      { baseId: airtable.baseId, table: 'Contacts', requestsPerSecond: '300' },
      token,
      { airtable: manifest },
    );
    const flowId = await firstRunWithFaults(h, appId, 'records', airtable);
    const emails = [...airtable.store.records.values()].map((r) => r.fields.Email);
    expect(new Set(emails).size).toBe(total);
    expect(emails).toHaveLength(total);

    await renameOneAndRun(h, flowId);
    expect(airtable.store.findBy('Email', 'contact7@example.com').map((r) => r.fields.Name)).toEqual([
      'Renamed Last7',
    ]);
    expect(airtable.store.records.size).toBe(total);
  }, 300_000);

  it('HubSpot contacts become Google Sheets rows by the Email column, each once, signed in as Google does it', async () => {
    // Google's sign-in: PKCE on a loopback address, refresh tokens that are not rotated,
    // and the Desktop client's secret asked for in the token request's body.
    const started = await startSignedInSheets(
      { id: 'patchbay-sheets', secret: 'desktop-client-secret' },
      { header: ['Email', 'Name', 'Phone'], perMinute: 1_000_000 },
    );
    google = started.google;
    const { sheets } = started;
    const oauth = google;
    const { h, appId } = await connect(
      'google-sheets',
      sheets,
      {
        spreadsheetId: sheets.store.spreadsheetId,
        sheet: sheets.sheet,
        keyColumn: 'Email',
        requestsPerSecond: '100000',
        clientId: 'patchbay-sheets',
        authorizeUrl: oauth.authorizeUrl,
        tokenUrl: oauth.tokenUrl,
      },
      // Before signing in, the app's credential is the client secret (the form's "Client secret").
      'desktop-client-secret',
    );
    const { authorizeUrl } = await h.call('oauth.start', { appId });
    expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    await visitInBrowser(authorizeUrl);
    const stored = async () => {
      const account = (await h.secrets.list()).find((a) => a.endsWith(appId));
      return account === undefined ? undefined : parseTokenBundle((await h.secrets.get(account))!, 'Sheets');
    };
    await vi.waitFor(async () => expect(await stored()).toBeDefined());
    const signedIn = (await stored())!;

    const flowId = await firstRunWithFaults(h, appId, 'rows', sheets);
    const rows = sheets.store.grid(sheets.sheet).slice(1);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r[0])).size).toBe(total);

    // An hour later the access token has expired: one refresh, and Google keeps the refresh token.
    oauth.expireAccessTokens();
    await renameOneAndRun(h, flowId);
    expect(oauth.tokenRequests.refresh_token).toBe(1);
    const refreshed = (await stored())!;
    expect(refreshed.accessToken).not.toBe(signedIn.accessToken);
    expect(refreshed.refreshToken).toBe(signedIn.refreshToken);
    const renamed = sheets.store.grid(sheets.sheet).filter((r) => r[0] === 'contact7@example.com');
    expect(renamed).toEqual([['contact7@example.com', 'Renamed Last7', expect.any(String)]]);
    expect(sheets.store.grid(sheets.sheet)).toHaveLength(total + 1);
  }, 300_000);
});
