// The Xero emulator's records (xero-emulator.ts): contacts and invoices by id, as Xero
// keeps them — GUID ids, .NET dates, an invoice's totals worked out from its lines, a
// contact archived rather than deleted.
import { randomUUID } from 'node:crypto';
import { monotonicClock, secondsApart } from './emulator-server.ts';

export type XeroKind = 'Contacts' | 'Invoices';
export type XeroRecord = Record<string, unknown>;

export const idField = { Contacts: 'ContactID', Invoices: 'InvoiceID' } as const;

/** Xero's .NET JSON date: `/Date(1419937200000+0000)/`. */
export const dotNetDate = (ms: number) => `/Date(${ms}+0000)/`;
export const msOf = (dotNet: unknown) => Number(/\((\d+)/.exec(String(dotNet))?.[1] ?? 0);

/** Fields records are found by (a contact by name, an invoice by number), kept in an index. */
const indexed: Record<XeroKind, readonly string[]> = {
  Contacts: ['Name', 'EmailAddress'],
  Invoices: ['InvoiceNumber'],
};

/** The emulator's data, reachable from tests (seed, change at the source, archive). */
export class XeroStore {
  readonly items: Record<XeroKind, Map<string, XeroRecord>> = { Contacts: new Map(), Invoices: new Map() };
  readonly now = monotonicClock();
  /** Grows with every change, so the demo knows when to save. */
  changes = 0;
  #invoiceNumber = 1;
  // Lower-cased value → the first record holding it: a bench of 10,000 invoices must not
  // make the emulator scan them all for every one written.
  readonly #index = new Map<string, Map<string, XeroRecord>>();

  #indexOf(kind: XeroKind, field: string): Map<string, XeroRecord> {
    const key = `${kind}.${field}`;
    let index = this.#index.get(key);
    if (!index) this.#index.set(key, (index = new Map()));
    return index;
  }

  #unindex(kind: XeroKind, record: XeroRecord): void {
    for (const field of indexed[kind]) {
      const index = this.#indexOf(kind, field);
      const value = String(record[field] ?? '').toLowerCase();
      if (index.get(value) === record) index.delete(value);
    }
  }

  #reindex(kind: XeroKind, record: XeroRecord): void {
    for (const field of indexed[kind]) {
      const index = this.#indexOf(kind, field);
      const value = String(record[field] ?? '').toLowerCase();
      if (value !== '' && !index.has(value)) index.set(value, record);
    }
  }

  add(kind: XeroKind, fields: XeroRecord, at = this.now()): XeroRecord {
    const id = randomUUID();
    const base: XeroRecord =
      kind === 'Contacts'
        ? { ContactStatus: 'ACTIVE', IsCustomer: false, IsSupplier: false }
        : {
            Type: 'ACCREC',
            Status: 'DRAFT',
            LineAmountTypes: 'Exclusive',
            CurrencyCode: 'EUR',
            InvoiceNumber: `INV-${String(this.#invoiceNumber++).padStart(4, '0')}`,
          };
    this.changes++;
    const record: XeroRecord = { [idField[kind]]: id, ...base, ...fields, UpdatedDateUTC: dotNetDate(at) };
    if (kind === 'Invoices') Object.assign(record, totalsOf(record.LineItems));
    this.items[kind].set(id, record);
    this.#reindex(kind, record);
    return record;
  }

  change(kind: XeroKind, id: string, fields: XeroRecord, at = this.now()): XeroRecord {
    const record = this.items[kind].get(id);
    if (!record) throw new Error(`No ${kind} ${id}`);
    this.changes++;
    this.#unindex(kind, record);
    Object.assign(record, fields, { UpdatedDateUTC: dotNetDate(at) });
    if (kind === 'Invoices') Object.assign(record, totalsOf(record.LineItems));
    this.#reindex(kind, record);
    return record;
  }

  /** The records as plain data, for the demo to keep between starts. */
  snapshot(): { items: Record<XeroKind, XeroRecord[]>; invoiceNumber: number } {
    const { Contacts, Invoices } = this.items;
    return {
      items: { Contacts: [...Contacts.values()], Invoices: [...Invoices.values()] },
      invoiceNumber: this.#invoiceNumber,
    };
  }

  /** Replaces the records with a snapshot's. */
  load(saved: ReturnType<XeroStore['snapshot']>): void {
    this.#index.clear();
    for (const kind of ['Contacts', 'Invoices'] as const) {
      this.items[kind].clear();
      for (const record of saved.items[kind]) {
        this.items[kind].set(String(record[idField[kind]]), record);
        this.#reindex(kind, record);
      }
    }
    this.#invoiceNumber = saved.invoiceNumber;
  }

  /** Xero never deletes a contact: it is archived (an update, seen with includeArchived=true). */
  archive(id: string): XeroRecord {
    return this.change('Contacts', id, { ContactStatus: 'ARCHIVED' });
  }

  seed(kind: XeroKind, count: number, endsAgoMs?: number): XeroRecord[] {
    return secondsApart(count, endsAgoMs).map((at, i) => this.add(kind, sampleFields(kind, i + 1), at));
  }

  find(kind: XeroKind, field: string, value: unknown): XeroRecord | undefined {
    const wanted = String(value).toLowerCase();
    if (indexed[kind].includes(field)) return this.#indexOf(kind, field).get(wanted);
    for (const record of this.items[kind].values())
      if (String(record[field] ?? '').toLowerCase() === wanted) return record;
    return undefined;
  }
}

function totalsOf(lineItems: unknown): XeroRecord {
  const lines = Array.isArray(lineItems) ? (lineItems as { Quantity?: unknown; UnitAmount?: unknown }[]) : [];
  const total = lines.reduce((sum, l) => sum + Number(l.Quantity ?? 1) * Number(l.UnitAmount ?? 0), 0);
  return { SubTotal: total, TotalTax: 0, Total: total, AmountDue: total, AmountPaid: 0 };
}

export function sampleFields(kind: XeroKind, i: number): XeroRecord {
  if (kind === 'Contacts')
    return { Name: `Customer ${i}`, EmailAddress: `customer${i}@example.com`, IsCustomer: true };
  return {
    Contact: { Name: `Customer ${i}` },
    Reference: `Order ${i}`,
    Date: '2026-11-01',
    LineItems: [{ Description: `Item ${i}`, Quantity: 1, UnitAmount: i, AccountCode: '200' }],
  };
}
