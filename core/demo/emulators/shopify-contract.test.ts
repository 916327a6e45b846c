import {
  connectorContract,
  fieldsAtSource,
  storeEntityApp,
  type StoreApp,
} from '../../testing/connector-contract-kit.ts';
import { startShopifyEmulator, type ShopifyEmulator, type ShopifyKind } from './shopify-emulator.ts';

// The Shopify preset against the Shopify emulator, one contract per entity.

const token = 'shpat_contract_token_0001';
const shopify: StoreApp<ShopifyKind, ShopifyEmulator> = {
  name: 'Shopify',
  connectorId: 'shopify',
  start: async () => {
    const emulator = await startShopifyEmulator({
      tokens: [token],
      rateLimit: { requests: 100_000, perMs: 20_000 },
    });
    // The app's address replaces the whole base, version included.
    return {
      emulator,
      secret: token,
      config: { shop: 'acme', baseUrl: `${emulator.url}/admin/api/2025-07` },
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
