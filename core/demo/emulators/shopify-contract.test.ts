import {
  connectorContract,
  fieldsAtSource,
  storeEntityApp,
  type StoreApp,
} from '../../testing/connector-contract-kit.ts';
import { startShopifyEmulator, type ShopifyEmulator, type ShopifyKind } from './shopify-emulator.ts';

// The Shopify preset against the Shopify emulator, one contract per entity. The kit
// hands the connector its access token: here one bought at the emulator's token endpoint
// with a Dev Dashboard app's client id and secret, as the preset's client-credentials
// sign-in does (renewal is tested through the core in shopify-sign-in.test.ts).

const client = { id: 'contract-client', secret: 'shpss_contract_secret_0001' };
const shopify: StoreApp<ShopifyKind, ShopifyEmulator> = {
  name: 'Shopify',
  connectorId: 'shopify',
  start: async () => {
    const emulator = await startShopifyEmulator({
      clients: { [client.id]: client.secret },
      rateLimit: { requests: 100_000, perMs: 20_000 },
    });
    const answer = await fetch(`${emulator.url}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.id,
        client_secret: client.secret,
      }).toString(),
    });
    const { access_token: token } = (await answer.json()) as { access_token: string };
    // The app's address replaces the whole base, version included.
    return {
      emulator,
      secret: token,
      config: { shop: 'acme', clientId: client.id, baseUrl: `${emulator.url}/admin/api/2025-07` },
    };
  },
  retryAfterSeconds: 1,
  // Orders are not deleted by the connector (Shopify deletes only archived or cancelled ones).
  deletionSeen: (kind) => (kind === 'orders' ? undefined : 'gone'),
};

connectorContract(
  storeEntityApp(
    shopify,
    'customers',
    { note: 'Changed at the source' },
    {
      pages: { records: 600, pages: 3 },
      newRecord: (n) => ({
        key: `new${n}@example.com`,
        record: { email: `new${n}@example.com`, first_name: `New${n}` },
      }),
      update: {
        record: { first_name: 'Jo', tags: 'vip' },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'customers', id, ['first_name', 'tags']),
        expected: { first_name: 'Jo', tags: 'vip' },
      },
      invalid: { key: 'not-an-email', record: { email: 'not-an-email' }, message: 'email is invalid' },
    },
  ),
);

connectorContract(
  storeEntityApp(
    shopify,
    'orders',
    { financial_status: 'refunded' },
    {
      pages: { records: 251, pages: 2 },
      newRecord: (n) => ({
        key: `#${1000 + n}`, // the emulator names a fresh shop's first order #1001
        record: {
          email: `buyer${n}@example.com`,
          line_items: [{ title: 'Mug', quantity: 2, price: '7.50' }],
        },
      }),
      update: {
        record: { note: 'Gift wrap', tags: 'gift' },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'orders', id, ['note', 'tags']),
        expected: { note: 'Gift wrap', tags: 'gift' },
      },
      invalid: {
        key: '#9999',
        record: { email: 'empty@example.com', line_items: [] },
        message: 'line_items must have at least one line item',
      },
    },
  ),
);

connectorContract(
  storeEntityApp(
    shopify,
    'products',
    { status: 'draft' },
    {
      pages: { records: 500, pages: 2 },
      newRecord: (n) => ({ key: `new-product-${n}`, record: { title: `New product ${n}`, vendor: 'Acme' } }),
      update: {
        record: { vendor: 'Other', tags: 'sale' },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'products', id, ['vendor', 'tags']),
        expected: { vendor: 'Other', tags: 'sale' },
      },
      invalid: { key: 'untitled', record: { vendor: 'Acme' }, message: "title can't be blank" },
    },
  ),
);
