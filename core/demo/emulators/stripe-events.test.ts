import { afterEach, expect, it } from 'vitest';
import { builtInConnectors } from '../../connectors/presets/index.ts';
import { connect, readAll } from '../../testing/connector-test-kit.ts';
import { startStripeEmulator, type StripeEmulator } from './stripe-emulator.ts';

// The Stripe preset's change feed (presets/stripe.json `changes`): after a first pass,
// runs read /v1/events newest first, so updates and deletions are seen, each record once
// in its latest state.

const key = 'sk_test_events_0000000';
const stripe = builtInConnectors.find((c) => c.manifest.id === 'stripe')!.manifest;
let emulator: StripeEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function firstPass() {
  emulator = await startStripeEmulator({ keys: [key], rateLimit: { requests: 100_000, perMs: 1000 } });
  const connector = connect(stripe, emulator.url, key);
  return { emulator, connector };
}

const maxCursor = (records: { cursorValue: string | undefined }[]) =>
  records.map((r) => r.cursorValue!).reduce((a, b) => (a > b ? a : b));

it('reads a customer changed many times across pages of events in its latest state on every page', async () => {
  const { emulator, connector } = await firstPass();
  const customers = Array.from({ length: 3 }, (_, i) =>
    emulator.store.create({ email: `e${i}@example.com` }),
  );
  const start = Math.floor(Date.now() / 1000) - 3600;
  customers.forEach((c, i) => (c.created = start + i));
  const first = await readAll(connector, 'customers');
  // 250 changes: more than two pages of events, the first customer's last change newest.
  for (let n = 1; n <= 250; n++) emulator.store.update(customers[n % 2]!, { name: `Name ${n}` });
  const { records, pages } = await readAll(connector, 'customers', maxCursor(first.records));
  expect(pages).toBe(3);
  // Once per page at most (a page names a record once), and never an older state: a run
  // writes the latest and finds the repeats unchanged.
  const names = (id: string) => records.filter((r) => r.id === id).map((r) => r.fields.name);
  expect(names(customers[0]!.id)).toEqual(['Name 250', 'Name 250', 'Name 250']);
  expect(new Set(names(customers[1]!.id))).toEqual(new Set(['Name 249']));
  // Unchanged, but created at the cursor's own second (created[gte]): read once more, as it is.
  expect(names(customers[2]!.id)).toEqual([null]);
});

it('sees an archived product (active: false) as a deletion, and a product changed since as a record', async () => {
  const { emulator, connector } = await firstPass();
  emulator.store.seedProducts(4);
  const start = Math.floor(Date.now() / 1000) - 3600;
  emulator.store.products.ordered.forEach((p, i) => (p.created = start + i));
  const first = await readAll(connector, 'products');
  emulator.store.products.update('prod_seed_2', { active: false });
  emulator.store.products.update('prod_seed_3', { name: 'Renamed' });
  const { records, deleted } = await readAll(connector, 'products', maxCursor(first.records));
  expect(deleted.map((d) => d.id)).toEqual(['prod_seed_2']);
  expect(records.find((r) => r.id === 'prod_seed_3')?.fields.name).toBe('Renamed');
  expect(records.map((r) => r.id)).not.toContain('prod_seed_2');
});

it('lists everything again when the cursor is older than the 30 days Stripe keeps events', async () => {
  const { emulator, connector } = await firstPass();
  const old = emulator.store.create({ email: 'old@example.com' });
  old.created = Math.floor(Date.now() / 1000) - 40 * 86_400;
  // Its creation event is past the feed's 30 days: only the list still shows it.
  const cursor = new Date((old.created - 60) * 1000).toISOString();
  const { records } = await readAll(connector, 'customers', cursor);
  expect(records.map((r) => r.id)).toEqual([old.id]);
});
