import { connectorContract } from '../../testing/connector-contract-kit.ts';
import { startStripeEmulator, type StripeEmulator } from './stripe-emulator.ts';

// The Stripe preset against the Stripe emulator. Customers have no changed-since filter:
// the incremental read sees customers created since the cursor (changes need the Events
// feed, not built yet), and Stripe's 429 names no wait, so only the retry is checked.

const key = 'sk_test_contract_0000000';

connectorContract<StripeEmulator>({
  name: 'Stripe',
  connectorId: 'stripe',
  start: async () => ({
    emulator: await startStripeEmulator({ keys: [key], rateLimit: { requests: 100_000, perMs: 1000 } }),
    secret: key,
  }),
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
});
