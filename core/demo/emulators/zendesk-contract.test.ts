import {
  connectorContract,
  fieldsAtSource,
  storeEntityApp,
  type StoreApp,
} from '../../testing/connector-contract-kit.ts';
import { startZendeskEmulator, type ZendeskEmulator, type ZendeskKind } from './zendesk-emulator.ts';

// The Zendesk Support preset against the Zendesk emulator, one contract per entity. The
// exports hold back the last minute's changes (zendesk-emulator.test.ts shows it); here
// the hold-back is off, so a change made by the test is exported at once.

const agent = 'agent@example.com';
const token = 'zd-contract-token-0001';
const zendesk: StoreApp<ZendeskKind, ZendeskEmulator> = {
  name: 'Zendesk Support',
  connectorId: 'zendesk',
  start: async () => ({
    emulator: await startZendeskEmulator({
      tokens: { [agent]: token },
      holdBackMs: 0,
      rateLimit: { requests: 100_000, perMs: 60_000 },
    }),
    secret: token,
    config: { subdomain: 'acme', email: agent },
  }),
  retryAfterSeconds: 1,
  // Both stay in the exports: a deleted user inactive, a deleted ticket with status "deleted". The preset
  // declares both, so each entity also runs "a deletion is seen where the API exposes one".
  deletionSeen: (kind) =>
    kind === 'users' ? { field: 'active', value: false } : { field: 'status', value: 'deleted' },
};

connectorContract(
  storeEntityApp(
    zendesk,
    'users',
    { phone: '+44 20 7946 0001' },
    {
      pages: { records: 1_100, pages: 2 },
      newRecord: (n) => ({
        key: `new${n}@example.com`,
        record: { name: `New ${n}`, email: `new${n}@example.com` },
      }),
      update: {
        record: { notes: 'Prefers email', role: 'end-user' },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'users', id, ['notes', 'role']),
        expected: { notes: 'Prefers email', role: 'end-user' },
      },
      invalid: {
        key: 'broken@example',
        record: { name: 'Broken', email: 'broken@example' },
        message: 'Email: broken@example is not properly formatted',
      },
    },
  ),
);

connectorContract(
  storeEntityApp(
    zendesk,
    'tickets',
    { priority: 'urgent' },
    {
      pages: { records: 1_001, pages: 2 },
      newRecord: (n) => ({
        key: `new-order-${n}`,
        record: {
          subject: `Order ${n} is late`,
          comment: { body: 'Where is it?' },
          external_id: `new-order-${n}`,
        },
      }),
      update: {
        record: { status: 'open', priority: 'high' },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'tickets', id, ['status', 'priority']),
        expected: { status: 'open', priority: 'high' },
      },
      invalid: {
        key: 'blank',
        record: { subject: 'No words', external_id: 'blank' },
        message: 'Description: cannot be blank',
      },
    },
  ),
);
