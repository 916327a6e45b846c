import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../demo/emulators/hubspot-emulator.ts';
import { startStripeEmulator, type StripeEmulator } from '../../demo/emulators/stripe-emulator.ts';
import { builtInConnectors } from '../presets/index.ts';
import { connect, readAll } from '../../testing/connector-test-kit.ts';

/** The built-in manifests by id, as the catalogue holds them. */
const presets = new Map(builtInConnectors.map(({ manifest }) => [manifest.id, manifest]));

// Contract tests (docs/conventions.md#connectors): each preset, run by the interpreter, against its emulator.

const hubspotToken = 'pat-na1-preset-test';
const stripeKey = 'sk_test_preset_test_0000';
const fast = { requests: 100_000, perMs: 1000 };
let hubspot: HubSpotEmulator | undefined;
let stripe: StripeEmulator | undefined;
afterEach(async () => {
  await Promise.all([hubspot?.close(), stripe?.close()]);
  hubspot = stripe = undefined;
});

async function hubspotConnector() {
  hubspot = await startHubSpotEmulator({ tokens: [hubspotToken], rateLimit: fast });
  return { emulator: hubspot, connector: connect(presets.get('hubspot')!, hubspot.url, hubspotToken) };
}

async function stripeConnector() {
  stripe = await startStripeEmulator({ keys: [stripeKey], rateLimit: fast });
  return { emulator: stripe, connector: connect(presets.get('stripe')!, stripe.url, stripeKey) };
}

describe('the HubSpot preset against the HubSpot emulator', () => {
  it('checks the connection, and a wrong token fails the check as an auth error', async () => {
    const { emulator, connector } = await hubspotConnector();
    await expect(connector.check()).resolves.toBeUndefined();
    await expect(connect(presets.get('hubspot')!, emulator.url, 'pat-wrong').check()).rejects.toMatchObject({
      errorClass: 'auth',
      status: 401,
    });
  });

  it('reads every contact through search pages, then only the ones changed since the cursor', async () => {
    const { emulator, connector } = await hubspotConnector();
    emulator.store.seedContacts(250);
    const { records, pages } = await readAll(connector, 'contacts');
    expect(pages).toBe(3);
    expect(records).toHaveLength(250);
    expect(records[6]).toMatchObject({
      id: '7',
      fields: { id: '7', email: 'contact7@example.com', firstname: 'First7' },
    });
    const cursor = records.at(-1)!.cursorValue!;
    expect(cursor).toBe(emulator.store.byId.get('250')!.properties.lastmodifieddate);

    emulator.store.upsert({ firstname: 'Changed' }, '12');
    const changed = await readAll(connector, 'contacts', cursor);
    expect(changed.records.map((r) => r.id)).toEqual(['250', '12']);
    expect(changed.records[1]!.fields.firstname).toBe('Changed');
  });

  it('reads past the 10,000-result search cap by restarting from the newest change seen', async () => {
    const { emulator, connector } = await hubspotConnector();
    emulator.store.seedContacts(10_050);
    const { records } = await readAll(connector, 'contacts');
    const unique = new Set(records.map((r) => r.id));
    expect(unique.size).toBe(10_050);
    // The restart re-reads only the contact changed at the cursor it restarts from.
    expect(records.length).toBe(10_051);
  });

  it('reads one contact by id', async () => {
    const { emulator, connector } = await hubspotConnector();
    emulator.store.seedContacts(3);
    expect(await connector.getRecord('contacts', '2')).toMatchObject({
      id: '2',
      fields: { email: 'contact2@example.com' },
    });
    expect(await connector.getRecord('contacts', '99')).toBeUndefined();
  });

  it('upserts by email in batches of 100: updates what it has, creates the rest', async () => {
    const { emulator, connector } = await hubspotConnector();
    emulator.store.seedContacts(10);
    const items = Array.from({ length: 250 }, (_, i) => ({
      key: `contact${i + 1}@example.com`,
      record: { firstname: `Batch${i + 1}`, lastname: '{{config.baseUrl}}' },
    }));
    const before = emulator.stats.requests;
    const ids = await connector.batchUpsert('contacts', items);
    expect(emulator.stats.requests - before).toBe(3);
    expect(ids.size).toBe(250);
    // HubSpot says which it made (`new`): the ten it held were updated.
    expect(ids.get('contact5@example.com')).toEqual({ id: '5', created: false });
    expect(ids.get('contact11@example.com')).toEqual({ id: '11', created: true });
    expect(emulator.store.byId.size).toBe(250);
    expect(emulator.store.findByEmail('contact5@example.com')!.properties).toMatchObject({
      firstname: 'Batch5',
      lastname: '{{config.baseUrl}}',
    });
  });
});

describe('the Stripe preset against the Stripe emulator', () => {
  it('reads customers newest first with starting_after, and only those created since the cursor', async () => {
    const { emulator, connector } = await stripeConnector();
    for (let i = 1; i <= 230; i++) emulator.store.create({ email: `c${i}@example.com` });
    emulator.store.ordered.forEach((c, i) => (c.created = 1_767_225_600 + i));
    const { records, pages } = await readAll(connector, 'customers');
    expect(pages).toBe(3);
    expect(records.map((r) => r.fields.email)).toEqual(
      Array.from({ length: 230 }, (_, i) => `c${230 - i}@example.com`),
    );
    expect(records[0]!.cursorValue).toBe(new Date((1_767_225_600 + 229) * 1000).toISOString());

    const since = new Date((1_767_225_600 + 220) * 1000).toISOString();
    const recent = await readAll(connector, 'customers', since);
    expect(recent.records).toHaveLength(10);
  });

  it('looks a customer up by email and reads one by id', async () => {
    const { emulator, connector } = await stripeConnector();
    const jo = emulator.store.create({ email: 'jo@example.com', name: 'Jo' });
    expect(await connector.lookup('customers', 'jo@example.com')).toBe(jo.id);
    expect(await connector.lookup('customers', 'nobody@example.com')).toBeUndefined();
    expect(await connector.getRecord('customers', jo.id)).toMatchObject({
      id: jo.id,
      fields: { name: 'Jo' },
    });
    expect(await connector.getRecord('customers', 'cus_missing')).toBeUndefined();
  });

  it('creates form-encoded with an Idempotency-Key, so a repeated create makes one customer', async () => {
    const { emulator, connector } = await stripeConnector();
    const record = { email: 'jo@example.com', name: 'Jo Bloggs', metadata: { hubspot_id: '7' } };
    const first = await connector.create('customers', record, { idempotencyKey: 'flow-7-hash' });
    const again = await connector.create('customers', record, { idempotencyKey: 'flow-7-hash' });
    expect(again).toBe(first);
    expect(emulator.store.ordered).toHaveLength(1);
    expect(emulator.store.ordered[0]).toMatchObject({
      email: 'jo@example.com',
      metadata: { hubspot_id: '7' },
    });

    await connector.update(
      'customers',
      first,
      { name: 'Jo B', metadata: { plan: 'gold' } },
      { idempotencyKey: 'u-1' },
    );
    expect(emulator.store.ordered[0]).toMatchObject({
      name: 'Jo B',
      metadata: { hubspot_id: '7', plan: 'gold' },
    });
  });

  it("turns Stripe's errors into the right classes", async () => {
    const { connector } = await stripeConnector();
    await expect(connector.create('customers', { email: 'not-an-email' })).rejects.toMatchObject({
      errorClass: 'validation',
      detail: 'Invalid email address: not-an-email',
    });
    await connector.create('customers', { email: 'a@example.com' }, { idempotencyKey: 'same' });
    await expect(
      connector.create('customers', { email: 'b@example.com' }, { idempotencyKey: 'same' }),
    ).rejects.toMatchObject({ errorClass: 'conflict', retryable: false });
  });
});
