import { connectorContract } from '../../testing/connector-contract-kit.ts';
import { startStripeEmulator, type StripeEmulator } from './stripe-emulator.ts';

// The Stripe preset against the Stripe emulator. Lists have no changed-since filter: a
// first pass lists everything, later ones read the Events feed (customer.*, product.*,
// invoice.*), which brings updates and deletions. Stripe's 429 names no wait, so only
// the retry is checked.

const key = 'sk_test_contract_0000000';

const app = {
  name: 'Stripe',
  connectorId: 'stripe',
  start: async () => ({
    emulator: await startStripeEmulator({ keys: [key], rateLimit: { requests: 100_000, perMs: 1000 } }),
    secret: key,
  }),
};

/** One second apart and a day old, so later records are newer to the second. */
function backdate(items: { created: number }[]): void {
  const start = Math.floor(Date.now() / 1000) - 86_400;
  items.forEach((item, i) => (item.created = start + i));
}

connectorContract<StripeEmulator>({
  ...app,
  entity: 'customers',
  seed: (emulator, count) => {
    const first = emulator.store.ordered.length;
    for (let i = 1; i <= count; i++) emulator.store.create({ email: `c${first + i}@example.com` });
    // One second apart and a day old, so later customers are newer to the second.
    const start = Math.floor(Date.now() / 1000) - 86_400;
    emulator.store.ordered.forEach((c, i) => (c.created = start + i));
  },
  pages: { records: 230, pages: 3 },
  changeAtSource: (emulator) => [
    emulator.store.create({ email: 'later1@example.com' }).id,
    emulator.store.create({ email: 'later2@example.com' }).id,
  ],
  newRecord: (n) => ({
    key: `new${n}@example.com`,
    record: { email: `new${n}@example.com`, name: `New ${n}` },
  }),
  writes: 'single',
  update: {
    record: { name: 'Jo B', metadata: { plan: 'gold' } },
    atSource: (emulator, id) => {
      const { name, metadata } = emulator.store.byId.get(id)!.customer;
      return { name, metadata };
    },
    expected: { name: 'Jo B', metadata: { plan: 'gold' } },
  },
  invalid: {
    key: 'not-an-email',
    record: { email: 'not-an-email' },
    message: 'Invalid email address: not-an-email',
  },
  deletion: { remove: (emulator, id) => void emulator.store.remove(id), seen: 'gone' },
});

connectorContract<StripeEmulator>({
  ...app,
  entity: 'products',
  seed: (emulator, count) => {
    emulator.store.seedProducts(count);
    backdate(emulator.store.products.ordered);
  },
  pages: { records: 230, pages: 3 },
  changeAtSource: (emulator) => {
    const ids = emulator.store.products.ordered.slice(4, 6).map((p) => p.id);
    for (const id of ids) emulator.store.products.update(id, { description: 'Now in blue' });
    return ids;
  },
  // The match key is the product's id, which a create may choose (a SKU).
  newRecord: (n) => ({ key: `sku-new-${n}`, record: { id: `sku-new-${n}`, name: `New ${n}` } }),
  writes: 'single',
  update: {
    record: { name: 'Renamed', metadata: { colour: 'blue' } },
    atSource: (emulator, id) => {
      const { name, metadata } = emulator.store.products.live(id)!;
      return { name, metadata };
    },
    expected: { name: 'Renamed', metadata: { colour: 'blue' } },
  },
  invalid: { key: 'sku-nameless', record: { id: 'sku-nameless' }, message: 'Missing required param: name.' },
  deletion: { remove: (emulator, id) => void emulator.store.products.remove(id), seen: 'gone' },
});

// Invoices are read only: the write cases do not apply.
connectorContract<StripeEmulator>({
  ...app,
  entity: 'invoices',
  seed: (emulator, count) => {
    emulator.store.seedInvoices(count);
    backdate(emulator.store.invoices.ordered);
  },
  pages: { records: 230, pages: 3 },
  changeAtSource: (emulator) => {
    const ids = emulator.store.invoices.ordered.slice(4, 6).map((i) => i.id);
    for (const id of ids)
      emulator.store.invoices.update(id, { status: 'paid', amount_paid: 100 }, 'invoice.paid');
    return ids;
  },
  deletion: { remove: (emulator, id) => void emulator.store.invoices.remove(id), seen: 'gone' },
});
