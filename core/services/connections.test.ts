import { afterEach, expect, it } from 'vitest';
import type { ConnectionStatus } from '../contract/connections.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, stripeKey, type SyncHarness } from '../testing/sync-harness.ts';

// Issue 14, item 5: "Connected" was shown for an app with no key, a refused key, or an
// address that goes nowhere. Now each app's connection says only what is known.

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

function movableClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advanceMinutes: (minutes: number) => void (now += minutes * 60_000) };
}

async function start() {
  const clock = movableClock();
  harness = await startSyncHarness({ secrets: new InMemorySecretStore(), clock });
  const h = harness;
  const of = async (appId: string): Promise<ConnectionStatus> =>
    (await h.call('apps.connections')).find((c) => c.appId === appId)!;
  return { h, clock, of };
}

it('an app is connected only once something proved it, and says when', async () => {
  const { h, clock, of } = await start();
  expect(await of(h.apps.stripe.id)).toMatchObject({ state: 'not_tested', at: null });

  clock.advanceMinutes(5);
  expect(await h.call('credentials.test', { appId: h.apps.stripe.id })).toMatchObject({ ok: true });
  expect(await of(h.apps.stripe.id)).toMatchObject({ state: 'connected', at: '2026-03-02T09:05:00.000Z' });

  // A new key makes the old proof out of date; a refused one is "refused", not "connected".
  clock.advanceMinutes(5);
  await h.call('secrets.set', { appId: h.apps.stripe.id, value: 'sk_test_not_the_right_one' });
  expect(await of(h.apps.stripe.id)).toMatchObject({ state: 'not_tested' });
  clock.advanceMinutes(5);
  expect(await h.call('credentials.test', { appId: h.apps.stripe.id })).toMatchObject({ ok: false });
  const refused = await of(h.apps.stripe.id);
  expect(refused).toMatchObject({ state: 'refused', at: '2026-03-02T09:15:00.000Z' });
  expect(refused.message).toMatch(/^Stripe refused the key/);
  expect(JSON.stringify(refused)).not.toContain('sk_test_not_the_right_one');

  // A run that uses the right key again is proof too.
  clock.advanceMinutes(5);
  await h.call('secrets.set', { appId: h.apps.stripe.id, value: stripeKey });
  clock.advanceMinutes(5);
  h.hubspot.store.seedContacts(1);
  await h.call('flows.run', { id: h.flow.id });
  expect(await of(h.apps.stripe.id)).toMatchObject({ state: 'connected', at: '2026-03-02T09:25:00.000Z' });
});

it('no key, an address that goes nowhere, and no connector each say so', async () => {
  const { h, of } = await start();
  const noKey = await h.call('apps.create', {
    name: 'Stripe without a key',
    connector: { kind: 'rest', connector: 'stripe', config: { baseUrl: h.stripe.url } },
  });
  expect(await of(noKey.id)).toMatchObject({
    state: 'no_key',
    message:
      'Stripe without a key has no saved key; save one under Apps → Stripe without a key → Credentials.',
  });

  const nowhere = await h.call('apps.create', {
    name: 'Stripe nowhere',
    connector: { kind: 'rest', connector: 'stripe', config: { baseUrl: 'http://127.0.0.1:9' } },
  });
  await h.call('secrets.set', { appId: nowhere.id, value: stripeKey });
  expect(await of(nowhere.id)).toMatchObject({ state: 'not_tested' });
  expect(await h.call('credentials.test', { appId: nowhere.id })).toMatchObject({ ok: false });
  expect(await of(nowhere.id)).toMatchObject({ state: 'unreachable' });

  const planned = await h.call('apps.create', { name: 'Xero' });
  expect(await of(planned.id)).toMatchObject({ state: 'not_connected' });
});

it('an unknown connector id is refused when the app is saved, naming it', async () => {
  const { h } = await start();
  for (const attempt of [
    () => h.core.invoke('apps.create', { name: 'Typo', connector: { kind: 'rest', connector: 'hubspott' } }),
    () =>
      h.core.invoke('apps.update', {
        id: h.apps.hubspot.id,
        app: { name: 'HubSpot', connector: { kind: 'rest', connector: 'hubspott' } },
      }),
  ]) {
    expect(await attempt()).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid_input',
        field: 'connector.connector',
        message: expect.stringMatching(
          /^There is no connector called "hubspott" in the catalogue\. Choose one of: HubSpot \(hubspot\), Stripe \(stripe\), .*or install it under Connectors first\.$/,
        ),
      },
    });
  }
  expect((await h.call('apps.get', { id: h.apps.hubspot.id })).connector).toMatchObject({
    connector: 'hubspot',
  });
});
