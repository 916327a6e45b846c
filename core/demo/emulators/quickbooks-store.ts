import { monotonicClock, secondsApart } from './emulator-server.ts';

// The QuickBooks emulator's company: customers and invoices as QuickBooks keeps them (Id,
// SyncToken moving on with each change, MetaData times to the second in the company's zone).

export type QuickBooksKind = 'customers' | 'invoices';
export type QuickBooksRecord = Record<string, unknown> & { Id: string; SyncToken: string };

/** QuickBooks writes times to the second in the company's zone: 2026-01-02T03:04:05-08:00. */
export const stamp = (ms: number) => {
  const pacific = new Date(ms - 8 * 3_600_000).toISOString().slice(0, 19);
  return `${pacific}-08:00`;
};
export const entityOf: Record<QuickBooksKind, string> = { customers: 'Customer', invoices: 'Invoice' };
export const kindOf = (entity: string): QuickBooksKind | undefined =>
  (Object.keys(entityOf) as QuickBooksKind[]).find((k) => entityOf[k].toLowerCase() === entity.toLowerCase());
export const nameFields = ['DisplayName', 'GivenName', 'FamilyName', 'CompanyName'];

/** One company's customers and invoices, reachable from tests (seed, change at the source). */
export class QuickBooksStore {
  readonly items: Record<QuickBooksKind, Map<number, QuickBooksRecord>> = {
    customers: new Map(),
    invoices: new Map(),
  };
  /**
   * Deleted invoices as change data capture shows them: `{ Id, status: 'Deleted', MetaData }`.
   * Queries never list them; only /cdc does.
   */
  readonly deleted = new Map<number, QuickBooksRecord>();
  readonly now = monotonicClock();
  #nextId = 1;
  #nextDoc = 1001;

  /** Writes fields into a record (a new one when `id` is undefined); SyncToken and times move on. */
  put(kind: QuickBooksKind, fields: Record<string, unknown>, id?: number, at = this.now()): QuickBooksRecord {
    const existing = id === undefined ? undefined : this.items[kind].get(id);
    if (existing) {
      Object.assign(existing, fields, {
        Id: existing.Id,
        SyncToken: String(Number(existing.SyncToken) + 1),
        MetaData: { ...(existing.MetaData as object), LastUpdatedTime: stamp(at) },
      });
      if (kind === 'invoices') existing.TotalAmt = totalOf(existing.Line);
      return existing;
    }
    const newId = this.#nextId++;
    const record: QuickBooksRecord = {
      ...(kind === 'customers'
        ? { Active: true, Balance: 0, DisplayName: displayNameOf(fields) }
        : {
            DocNumber: String(this.#nextDoc++),
            TxnDate: stamp(at).slice(0, 10),
            Balance: totalOf(fields.Line),
          }),
      ...fields,
      Id: String(newId),
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: stamp(at), LastUpdatedTime: stamp(at) },
    };
    if (kind === 'invoices') record.TotalAmt = totalOf(record.Line);
    this.items[kind].set(newId, record);
    return record;
  }

  seed(kind: QuickBooksKind, count: number): QuickBooksRecord[] {
    return secondsApart(count).map((at, i) =>
      kind === 'customers'
        ? this.put(
            kind,
            {
              DisplayName: `Customer ${i + 1}`,
              PrimaryEmailAddr: { Address: `customer${i + 1}@example.com` },
            },
            undefined,
            at,
          )
        : this.put(kind, { CustomerRef: { value: '1' }, Line: [line(10 + i)] }, undefined, at),
    );
  }

  change(kind: QuickBooksKind, id: number, fields: Record<string, unknown>): void {
    this.put(kind, fields, id);
  }

  /** As QuickBooks deletes: a customer is made inactive, an invoice goes (leaving a CDC tombstone). */
  remove(kind: QuickBooksKind, id: number): { Id: string; status: 'Deleted'; domain: 'QBO' } | undefined {
    if (kind === 'customers') {
      this.put(kind, { Active: false }, id);
      return undefined;
    }
    const gone = this.items[kind].get(id);
    if (!gone) return undefined;
    this.items[kind].delete(id);
    const at = stamp(this.now());
    this.deleted.set(id, {
      Id: gone.Id,
      SyncToken: gone.SyncToken,
      domain: 'QBO',
      status: 'Deleted',
      MetaData: { ...(gone.MetaData as object), LastUpdatedTime: at },
    });
    return { Id: gone.Id, status: 'Deleted', domain: 'QBO' };
  }

  /**
   * What change data capture lists for a kind: records and deleted invoices changed at or
   * after `sinceMs`, oldest change first.
   */
  changedSince(kind: QuickBooksKind, sinceMs: number): QuickBooksRecord[] {
    const updated = (r: QuickBooksRecord) =>
      Date.parse((r.MetaData as { LastUpdatedTime: string }).LastUpdatedTime);
    const all = [...this.items[kind].values(), ...(kind === 'invoices' ? this.deleted.values() : [])];
    return all
      .filter((r) => updated(r) >= sinceMs)
      .sort((a, b) => updated(a) - updated(b) || Number(a.Id) - Number(b.Id));
  }

  customerNamed(name: string): QuickBooksRecord | undefined {
    const wanted = name.trim().toLowerCase();
    for (const c of this.items.customers.values())
      if (String(c.DisplayName).trim().toLowerCase() === wanted) return c;
    return undefined;
  }
}

export function line(amount: number): Record<string, unknown> {
  return {
    Amount: amount,
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: { ItemRef: { value: '1' } },
  };
}

function totalOf(lines: unknown): number {
  return Array.isArray(lines)
    ? lines.reduce((sum: number, l) => sum + Number((l as { Amount?: unknown }).Amount ?? 0), 0)
    : 0;
}

export function displayNameOf(fields: Record<string, unknown>): string | undefined {
  if (typeof fields.DisplayName === 'string') return fields.DisplayName;
  const names = [fields.GivenName, fields.FamilyName].filter((n) => typeof n === 'string');
  return names.length > 0 ? names.join(' ') : (fields.CompanyName as string | undefined);
}
