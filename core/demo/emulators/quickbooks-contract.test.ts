import {
  connectorContract,
  fieldsAtSource,
  storeEntityApp,
  type StoreApp,
} from '../../testing/connector-contract-kit.ts';
import {
  startQuickBooksEmulator,
  type QuickBooksEmulator,
  type QuickBooksKind,
} from './quickbooks-emulator.ts';

// The QuickBooks Online preset against the QuickBooks emulator, one contract per entity.
// QuickBooks' 429 names no wait and Intuit says to wait 60 s: the preset's rule says so,
// and the kit records that wait instead of sleeping it.

const token = 'qbo-contract-token';

function quickbooks(
  start: (emulator: QuickBooksEmulator) => void,
): StoreApp<QuickBooksKind, QuickBooksEmulator> {
  return {
    name: 'QuickBooks',
    connectorId: 'quickbooks',
    start: async () => {
      const emulator = await startQuickBooksEmulator({
        tokens: [token],
        rateLimit: { requests: 100_000, perMs: 60_000 },
      });
      start(emulator);
      // The app's address replaces the manifest's, company id included.
      return {
        emulator,
        secret: token,
        config: { baseUrl: `${emulator.url}/v3/company/${emulator.realmId}` },
      };
    },
    retryAfterSeconds: 60,
    // A deleted customer is an inactive one; a deleted invoice is gone from queries.
    deletionSeen: (kind) => (kind === 'customers' ? { field: 'Active', value: false } : 'gone'),
  };
}

connectorContract(
  storeEntityApp(
    quickbooks(() => undefined),
    'customers',
    { Notes: 'Changed at the source' },
    {
      pages: { records: 2_500, pages: 3 },
      newRecord: (n) => ({
        key: `New customer's ${n}`,
        record: { DisplayName: `New customer's ${n}`, PrimaryEmailAddr: { Address: `new${n}@example.com` } },
      }),
      update: {
        record: { CompanyName: 'Acme Ltd', Notes: 'VIP' },
        atSource: (emulator, id) =>
          fieldsAtSource(emulator.store, 'customers', id, ['CompanyName', 'Notes', 'DisplayName']),
        expected: { CompanyName: 'Acme Ltd', Notes: 'VIP', DisplayName: "New customer's 2" },
      },
      invalid: {
        key: 'Nameless',
        record: { Notes: 'no name at all' },
        message: 'Required parameter DisplayName is missing in the request',
      },
    },
  ),
);

connectorContract(
  storeEntityApp(
    // Invoices name an active customer: the company has one before anything else.
    quickbooks((emulator) => void emulator.store.put('customers', { DisplayName: 'Invoiced customer' })),
    'invoices',
    { PrivateNote: 'Changed at the source' },
    {
      pages: { records: 1_200, pages: 2 },
      newRecord: (n) => ({
        key: `INV-${n}`,
        record: {
          DocNumber: `INV-${n}`,
          CustomerRef: { value: '1' },
          Line: [
            {
              Amount: 25,
              DetailType: 'SalesItemLineDetail',
              SalesItemLineDetail: { ItemRef: { value: '1' } },
            },
          ],
        },
      }),
      update: {
        record: { PrivateNote: 'Paid by card' },
        atSource: (emulator, id) =>
          fieldsAtSource(emulator.store, 'invoices', id, ['PrivateNote', 'TotalAmt']),
        expected: { PrivateNote: 'Paid by card', TotalAmt: 25 },
      },
      invalid: {
        key: 'INV-no-lines',
        record: { DocNumber: 'INV-no-lines', CustomerRef: { value: '1' } },
        message: 'Required parameter Line is missing in the request',
      },
    },
  ),
);
