import { connectorContract, type ContractApp } from '../../testing/connector-contract-kit.ts';
import { startXeroEmulator, type XeroEmulator, type XeroKind } from './xero-emulator.ts';

// The Xero preset against the Xero emulator, one contract per entity: contacts written
// one by one (PUT creates, POST updates), invoices in batches (POST with
// summarizeErrors=false, matched by InvoiceNumber).

const token = 'xero-contract-access-token';
const base = {
  name: 'Xero',
  connectorId: 'xero',
  start: async () => {
    const emulator = await startXeroEmulator({
      tokens: [token],
      rateLimit: { requests: 100_000, perMs: 60_000 },
    });
    return {
      emulator,
      secret: token,
      config: { tenantId: emulator.tenantId, baseUrl: `${emulator.url}/api.xro/2.0` },
    };
  },
  retryAfterSeconds: 1,
  // 1,000 a page (Airbyte's pageSize), stopping at pagination.pageCount.
  pages: { records: 2_100, pages: 3 },
} satisfies Partial<ContractApp<XeroEmulator>>;

/** Two records changed at the source after a full read. */
const changeTwo = (kind: XeroKind, fields: Record<string, unknown>) => (emulator: XeroEmulator) => {
  const ids = [...emulator.store.items[kind].keys()];
  const picked = [ids[4]!, ids[17]!];
  for (const id of picked) emulator.store.change(kind, id, fields);
  return picked;
};

const fieldsOf = (emulator: XeroEmulator, kind: XeroKind, id: string, names: string[]) => {
  const record = emulator.store.items[kind].get(id)!;
  return Object.fromEntries(names.map((n) => [n, record[n]]));
};

connectorContract<XeroEmulator>({
  ...base,
  entity: 'contacts',
  seed: (emulator, count) => void emulator.store.seed('Contacts', count),
  changeAtSource: changeTwo('Contacts', { FirstName: 'Changed' }),
  writes: 'single',
  newRecord: (n) => ({
    key: `new${n}@example.com`,
    record: { Name: `New customer ${n}`, EmailAddress: `new${n}@example.com`, IsCustomer: true },
  }),
  update: {
    record: { FirstName: 'Jo', AccountNumber: 'A-17' },
    atSource: (emulator, id) => fieldsOf(emulator, 'Contacts', id, ['FirstName', 'AccountNumber']),
    expected: { FirstName: 'Jo', AccountNumber: 'A-17' },
  },
  invalid: {
    key: 'not-an-email',
    record: { Name: 'Bad email', EmailAddress: 'not-an-email' },
    message: 'Email address must be valid.',
  },
  // Xero archives contacts: the list shows them again (includeArchived=true) as ARCHIVED.
  deletion: {
    remove: (emulator, id) => void emulator.store.archive(id),
    seen: { field: 'ContactStatus', value: 'ARCHIVED' },
  },
});

connectorContract<XeroEmulator>({
  ...base,
  entity: 'invoices',
  seed: (emulator, count) => void emulator.store.seed('Invoices', count),
  changeAtSource: changeTwo('Invoices', { Reference: 'Changed at the source' }),
  writes: 'batch',
  newRecord: (n) => ({
    key: `SHOP-${1000 + n}`,
    record: {
      Type: 'ACCREC',
      InvoiceNumber: `SHOP-${1000 + n}`,
      Contact: { Name: `Buyer ${n}` },
      LineItems: [{ Description: 'Mug', Quantity: 2, UnitAmount: 7.5, AccountCode: '200' }],
    },
  }),
  update: {
    // A flow's record always holds its match key: the batch finds the invoice by it.
    record: { InvoiceNumber: 'SHOP-1002', Reference: 'Gift wrap', DueDate: '2026-12-31' },
    atSource: (emulator, id) => fieldsOf(emulator, 'Invoices', id, ['Reference', 'DueDate', 'Total']),
    expected: { Reference: 'Gift wrap', DueDate: '2026-12-31', Total: 15 },
  },
  invalid: {
    key: 'SHOP-9999',
    record: {
      Type: 'ACCREC',
      InvoiceNumber: 'SHOP-9999',
      LineItems: [{ Description: 'Mug', UnitAmount: 1 }],
    },
    message: 'A Contact must be specified for this type of transaction',
  },
});
