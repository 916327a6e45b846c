import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFileName, openCore } from '../host/open-core.ts';
import { credentialExpiry } from '../secrets/credential-facts.ts';
import { createCredentialUsage } from '../secrets/credential-usage.ts';
import { KeychainUnavailableError, type SecretStore } from '../secrets/secret-store.ts';
import { SqliteCredentialRepository } from '../storage/credential-repository.ts';
import { openDatabase } from '../storage/open-database.ts';
import { hubspotToken, startSyncHarness, stripeKey, type SyncHarness } from '../testing/sync-harness.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';

const hasKeyring = process.platform !== 'linux' || process.env.PATCHBAY_KEYRING_READY === '1';
const dayMs = 86_400_000;

function movableClock(start = Date.parse('2026-01-05T09:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advanceDays: (days: number) => void (now += days * dayMs) };
}

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

async function start(clock = movableClock()) {
  harness = await startSyncHarness({ clock });
  const h = harness;
  const list = () => h.call('credentials.list');
  const of = async (appName: string) => (await list()).find((c) => c.appName === appName)!;
  return { h, clock, list, of };
}

/** Every byte the workspace keeps on disk: the database, its WAL, backups, sealed files. */
function workspaceBytes(dir: string): Buffer {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  return Buffer.concat(files.map((f) => readFileSync(join(f.parentPath, f.name))));
}

describe.skipIf(!hasKeyring)('credential metadata and health', () => {
  it('keeps dates and kind in the database and never the secret', async () => {
    const { h, list } = await start();
    h.hubspot.store.seedContacts(3);
    await h.call('flows.run', { id: h.flow.id });

    const credentials = await list();
    expect(credentials.map((c) => [c.appName, c.kind, c.hasSecret])).toEqual([
      ['HubSpot', 'bearer', true],
      ['Stripe', 'bearer', true],
    ]);
    expect(credentials[0]).toMatchObject({
      createdAt: '2026-01-05T09:00:00.000Z',
      lastUsedAt: expect.any(String),
    });
    const bytes = workspaceBytes(h.dir);
    expect(bytes.includes(hubspotToken)).toBe(false);
    expect(bytes.includes(stripeKey)).toBe(false);
    expect(bytes.includes('2026-01-05T09:00:00.000Z')).toBe(true);
    expect(JSON.stringify(credentials)).not.toContain(stripeKey);
  });

  it('walks through never used, ok, rotation due (and the setting), failing, and missing', async () => {
    const { h, clock, of } = await start();
    expect(await of('Stripe')).toMatchObject({
      health: 'never_used',
      message: expect.stringContaining('has not been used yet'),
    });

    h.hubspot.store.seedContacts(2);
    await h.call('flows.run', { id: h.flow.id });
    expect(await of('Stripe')).toMatchObject({ health: 'ok', lastUsedAt: '2026-01-05T09:00:00.000Z' });

    clock.advanceDays(89);
    expect((await of('HubSpot')).health).toBe('ok');
    clock.advanceDays(1);
    expect(await of('HubSpot')).toMatchObject({
      health: 'rotation_due',
      message: "HubSpot's key is 90 days old; rotate it (reminder after 90 days).",
    });
    await h.call('settings.update', { rotationReminderDays: 120 });
    expect((await of('HubSpot')).health).toBe('ok');
    await h.call('settings.update', { rotationReminderDays: 30 });
    expect((await of('HubSpot')).message).toBe(
      "HubSpot's key is 90 days old; rotate it (reminder after 30 days).",
    );

    // A wrong key, refused by Stripe when tested.
    await h.call('secrets.set', { appId: h.apps.stripe.id, value: 'sk_test_wrong_key_9999' });
    expect(await of('Stripe')).toMatchObject({ health: 'never_used', rotatedAt: clock.now().toISOString() });
    await h.call('credentials.test', { appId: h.apps.stripe.id });
    expect(await of('Stripe')).toMatchObject({
      health: 'failing',
      message: 'Stripe refused its key on 2026-04-05; save a new one under Apps → Stripe → Credentials.',
    });

    // The right key again: a clean slate, working at once.
    await h.call('secrets.set', { appId: h.apps.stripe.id, value: stripeKey });
    await h.call('credentials.test', { appId: h.apps.stripe.id });
    expect((await of('Stripe')).health).toBe('ok');

    await h.call('secrets.delete', { appId: h.apps.stripe.id });
    expect(await of('Stripe')).toMatchObject({
      health: 'missing',
      hasSecret: false,
      createdAt: null,
      message: 'Stripe has no saved key; save one under Apps → Stripe → Credentials.',
    });
  });

  it('records the first refusal of a key saved before Patchbay kept credential facts', async () => {
    const { h, of } = await start();
    // As in a workspace upgraded to schema 5: the key is in the keychain, no facts row yet.
    const db = openDatabase(join(h.dir, databaseFileName)).db;
    db.prepare('DELETE FROM credentials').run();
    db.close();
    expect((await of('HubSpot')).health).toBe('ok');

    h.hubspot.faults.set({ expiredToken: true });
    expect(await h.call('credentials.test', { appId: h.apps.hubspot.id })).toMatchObject({ ok: false });
    expect((await of('HubSpot')).health).toBe('failing');
  });

  it('flags a credential expiring soon, then expired', async () => {
    const { h, clock, of } = await start();
    await h.call('credentials.test', { appId: h.apps.hubspot.id });
    // A second connection, as another process would: the core keeps no copy in memory.
    const { db } = openDatabase(join(h.dir, databaseFileName));
    new SqliteCredentialRepository(db).expires(h.apps.hubspot.id, '2026-01-25T09:00:00.000Z');
    db.close();

    expect((await of('HubSpot')).health).toBe('ok');
    clock.advanceDays(10);
    expect(await of('HubSpot')).toMatchObject({
      health: 'expiring_soon',
      expiresAt: '2026-01-25T09:00:00.000Z',
      message:
        "HubSpot's key expires in 10 days (on 2026-01-25); save a new one under Apps → HubSpot → Credentials before then.",
    });
    clock.advanceDays(10);
    expect(await of('HubSpot')).toMatchObject({
      health: 'expired',
      message: "HubSpot's key expired on 2026-01-25; save a new one under Apps → HubSpot → Credentials.",
    });
  });

  it('learns the expiry of an OAuth sign-in that cannot renew itself', () => {
    const bundle = { type: 'oauth2', accessToken: 'at-1', scope: 'a', tokenType: 'Bearer' };
    expect(credentialExpiry(JSON.stringify({ ...bundle, expiresAt: '2026-02-01T00:00:00Z' }))).toBe(
      '2026-02-01T00:00:00Z',
    );
    expect(
      credentialExpiry(JSON.stringify({ ...bundle, refreshToken: 'rt', expiresAt: '2026-02-01T00:00:00Z' })),
    ).toBeNull();
    // Client credentials: no refresh token, but the kept client secret buys the next token.
    expect(
      credentialExpiry(JSON.stringify({ ...bundle, clientSecret: 'cs', expiresAt: '2026-02-01T00:00:00Z' })),
    ).toBeNull();
    expect(credentialExpiry(stripeKey)).toBeNull();
  });
});

describe.skipIf(!hasKeyring)('credentials.test against the emulators', () => {
  it('answers "Connected to Stripe." for a good key and says Stripe refused a bad one', async () => {
    const { h } = await start();
    expect(await h.call('credentials.test', { appId: h.apps.stripe.id })).toEqual({
      ok: true,
      message: 'Connected to Stripe.',
    });
    expect(await h.call('credentials.test', { appId: 'HubSpot' })).toEqual({
      ok: true,
      message: 'Connected to HubSpot.',
    });

    await h.call('secrets.set', { appId: h.apps.stripe.id, value: 'sk_test_revoked_key_4242' });
    const refused = await h.call('credentials.test', {
      appId: h.apps.stripe.id,
    });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/^Stripe refused the key: .*Invalid API Key provided/);
    expect(refused.message).toContain('Apps → Stripe → Credentials');
    expect(refused.message).not.toContain('sk_test_revoked_key_4242');

    await h.call('secrets.delete', { appId: h.apps.stripe.id });
    const missing = await h.call('credentials.test', {
      appId: h.apps.stripe.id,
    });
    expect(missing).toEqual({
      ok: false,
      message: expect.stringContaining('No credential is saved for Stripe'),
    });
  });

  it('tries an app before it is saved, with the credential as typed, and keeps nothing', async () => {
    const { h } = await start();
    const before = await h.call('credentials.list');
    const draft = { name: 'Billing', connector: { preset: 'stripe', config: { baseUrl: h.stripe.url } } };
    expect(await h.call('credentials.testDraft', { ...draft, secret: stripeKey })).toEqual({
      ok: true,
      message: 'Connected to Billing.',
    });
    const refused = await h.call('credentials.testDraft', { ...draft, secret: 'sk_test_typo_4242' });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/^Billing refused the key: .*Invalid API Key provided/);
    expect(refused.message).not.toContain('sk_test_typo_4242');
    // Nothing typed: no credential, so the app is not even asked.
    expect((await h.call('credentials.testDraft', draft)).ok).toBe(false);
    // Editing a saved app, an empty credential means its saved one.
    expect(await h.call('credentials.testDraft', { ...draft, appId: h.apps.stripe.id })).toMatchObject({
      ok: true,
    });
    // No app, no credential, no connection outcome was kept.
    expect(await h.call('apps.list')).toHaveLength(2);
    expect(await h.call('credentials.list')).toEqual(before);
    expect((await h.call('apps.connections')).every((c) => c.appId !== 'draft')).toBe(true);
  });

  it('names the app when its sealed credential is damaged, and says to set it again', async () => {
    const { h } = await start();
    await h.call('secrets.set', { appId: h.apps.stripe.id, value: `sk_test_${'9'.repeat(3000)}` });
    const [file] = readdirSync(join(h.dir, 'sealed'));
    writeFileSync(join(h.dir, 'sealed', file!), Buffer.from('not what was sealed').toString('base64'));
    const tested = await h.call('credentials.test', {
      appId: h.apps.stripe.id,
    });
    expect(tested).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^The saved credential for Stripe is damaged; set it again\. Reconnect Stripe/,
      ),
    });
  });

  it('masks a known secret wherever it would leave the core: answers, exports, events, logs', async () => {
    const { h } = await start();
    const seen: string[] = [];
    h.core.onEvent((event) => seen.push(JSON.stringify(event)));
    // Someone pastes the key into the app's notes.
    const notes = `Key is ${stripeKey}`;
    await h.call('apps.update', {
      id: h.apps.stripe.id,
      app: { ...h.apps.stripe, notes, entities: h.apps.stripe.entities },
    });
    const app = await h.call('apps.get', { id: h.apps.stripe.id });
    expect(app.notes).toBe('Key is [redacted]');
    expect(JSON.stringify(await h.call('workspace.export'))).not.toContain(stripeKey);
    expect(seen.join('\n')).not.toContain(stripeKey);
    expect(h.logs.join('\n')).not.toContain(stripeKey);
  });
});

describe('without a reachable keychain', () => {
  it('says so in plain words and stores nothing anywhere else', async () => {
    const unavailable = (): never => {
      throw new KeychainUnavailableError('org.freedesktop.secrets was not provided by any .service files');
    };
    const noKeychain: SecretStore = {
      get: async () => unavailable(),
      set: async () => unavailable(),
      delete: async () => unavailable(),
      list: async () => unavailable(),
    };
    const { dir, dispose } = makeTempDir();
    const core = openCore({
      workspaceDir: dir,
      secrets: noKeychain,
      logger: { info: () => {}, error: () => {} },
    });
    try {
      const created = await core.invoke('apps.create', {
        name: 'Stripe',
        category: 'billing',
        connector: { preset: 'stripe', config: { baseUrl: 'http://127.0.0.1:9' } },
      });
      const appId = (created as { value: { id: string } }).value.id;
      const canary = 'sk_live_canary_never_stored_5150';
      for (const value of [canary, `${canary}-${'x'.repeat(4000)}`]) {
        const saved = await core.invoke('secrets.set', { appId, value });
        expect(saved).toEqual({
          ok: false,
          error: {
            kind: 'unavailable',
            message: expect.stringContaining('Nothing was stored anywhere else.'),
          },
        });
      }
      const listed = await core.invoke('credentials.list', {});
      expect(listed).toMatchObject({
        ok: false,
        error: { kind: 'unavailable', message: expect.stringContaining('cannot reach the system keychain') },
      });
      core.close();
      expect(existsSync(join(dir, 'sealed'))).toBe(false);
      expect(workspaceBytes(dir).includes(canary)).toBe(false);
      const { db } = openDatabase(join(dir, databaseFileName));
      expect(new SqliteCredentialRepository(db).list()).toEqual([]);
      db.close();
    } finally {
      core.close();
      dispose();
    }
  });
});

describe('marking a credential used or refused', () => {
  it('writes at most once per app every few seconds, and at once when the outcome changes', () => {
    const { dir, dispose } = makeTempDir();
    const { db } = openDatabase(join(dir, databaseFileName));
    try {
      db.prepare(
        "INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES ('a1', 'Stripe', 'billing', 'low', '', '')",
      ).run();
      const credentials = new SqliteCredentialRepository(db);
      credentials.saved('a1', 'bearer', '2026-01-05T09:00:00.000Z', null);
      const clock = { at: Date.parse('2026-01-05T09:00:00Z'), now: () => new Date(clock.at) };
      const usage = createCredentialUsage({ credentials, clock, everyMs: 5000 });
      const stored = () => credentials.get('a1')!;

      usage.used('a1');
      clock.at += 4000;
      usage.used('a1');
      expect(stored().lastUsedAt).toBe('2026-01-05T09:00:00.000Z');
      clock.at += 1000;
      usage.used('a1');
      expect(stored().lastUsedAt).toBe('2026-01-05T09:00:05.000Z');

      clock.at += 1000;
      usage.failed('a1', 'auth');
      expect(stored()).toMatchObject({ lastFailedAt: '2026-01-05T09:00:06.000Z', lastErrorClass: 'auth' });
      clock.at += 1000;
      usage.used('a1');
      expect(stored().lastUsedAt).toBe('2026-01-05T09:00:07.000Z');
    } finally {
      db.close();
      dispose();
    }
  });
});
