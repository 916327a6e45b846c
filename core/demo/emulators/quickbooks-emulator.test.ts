import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HttpSend } from '../../connectors/http/http-port.ts';
import { createNodeHttpClient } from '../../connectors/http/node-http-client.ts';
import { createManifestConnector } from '../../connectors/manifest/manifest-connector.ts';
import { builtInConnectors } from '../../connectors/presets/index.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { readAll } from '../../testing/connector-test-kit.ts';
import { startQuickBooksEmulator, type QuickBooksEmulator } from './quickbooks-emulator.ts';

// What the contract kit does not reach: QuickBooks' own wire details, and the preset's
// read-before-update (SyncToken) when the record changes between the read and the write.

const token = 'qbo-test-token';
const emulator = emulatorPerTest(startQuickBooksEmulator);
const preset = builtInConnectors.find((c) => c.manifest.id === 'quickbooks')!.manifest;

async function call(running: QuickBooksEmulator, path: string, init: RequestInit = {}) {
  return jsonAnswer(
    await fetch(`${running.url}/v3/company/${running.realmId}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    }),
  );
}
const select = (running: QuickBooksEmulator, query: string) =>
  call(running, `/query?minorversion=75&query=${encodeURIComponent(query)}`);

/** The preset on the emulator; `between` runs after each answer, to change the source mid-write. */
function connectorOn(running: QuickBooksEmulator, between: (url: string) => void = () => undefined) {
  const http = createNodeHttpClient({ timeoutMs: 10_000 }).send;
  const send: HttpSend = async (request, signal) => {
    const answer = await http(request, signal);
    between(`${request.method} ${new URL(request.url).pathname}`);
    return answer;
  };
  return createManifestConnector({
    manifest: preset,
    appName: 'QuickBooks',
    config: { baseUrl: `${running.url}/v3/company/${running.realmId}` },
    secret: async () => token,
    send,
    now: () => new Date(),
    digest: (algorithm, text) => createHash(algorithm).update(text).digest('hex'),
  });
}

describe('the QuickBooks emulator', () => {
  it('answers a query page under QueryResponse.<Entity>, an empty one as QueryResponse: {}', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('customers', 3);
    const page = await select(running, 'SELECT * FROM Customer STARTPOSITION 2 MAXRESULTS 5');
    expect(page.body.QueryResponse).toMatchObject({ startPosition: 2, maxResults: 2 });
    expect(page.body.QueryResponse.Customer.map((c: { Id: string }) => c.Id)).toEqual(['2', '3']);
    expect((await select(running, "SELECT * FROM Customer WHERE DisplayName = 'Nobody'")).body).toMatchObject(
      {
        QueryResponse: {},
      },
    );
    expect(
      (await select(running, 'SELECT * FROM Customer MAXRESULTS 1001')).body.Fault.Error[0].Detail,
    ).toContain('MAXRESULTS may be at most 1000');
  });

  it('refuses a second DisplayName (6240) and an old SyncToken (5010) in its Fault body', async () => {
    const running = await emulator.start({ tokens: [token] });
    const [first] = running.store.seed('customers', 1);
    const duplicate = await call(running, '/customer', {
      method: 'POST',
      body: JSON.stringify({ DisplayName: first!.DisplayName }),
    });
    expect(duplicate).toMatchObject({
      status: 400,
      body: {
        Fault: { Error: [{ code: '6240', Message: 'Duplicate Name Exists Error' }], type: 'ValidationFault' },
      },
    });
    running.store.change('customers', 1, { Notes: 'moved on' });
    const stale = await call(running, '/customer', {
      method: 'POST',
      body: JSON.stringify({ Id: '1', SyncToken: '0', sparse: true, Notes: 'mine' }),
    });
    expect(stale).toMatchObject({
      status: 400,
      body: { Fault: { Error: [{ code: '5010', Message: 'Stale Object Error' }] } },
    });
  });

  it('change data capture lists changed and deleted invoices per entity asked, 30 days back at most', async () => {
    const running = await emulator.start({ tokens: [token] });
    // Ids are shared by the company's lists: the customer is 1, the invoices 2, 3 and 4.
    running.store.put('customers', { DisplayName: 'Invoiced customer' }, undefined, Date.now() - 600_000);
    running.store.seed('invoices', 3);
    const since = new Date(Date.now() - 1_000).toISOString();
    const invoice = running.store.items.invoices.get(4)!;
    const deleted = await call(running, '/invoice?operation=delete&minorversion=75', {
      method: 'POST',
      body: JSON.stringify({ Id: invoice.Id, SyncToken: invoice.SyncToken }),
    });
    expect(deleted.body.Invoice).toEqual({ Id: invoice.Id, status: 'Deleted', domain: 'QBO' });
    running.store.change('invoices', 3, { PrivateNote: 'Changed' });
    const cdc = await call(running, `/cdc?entities=Invoice,Customer&changedSince=${since}&minorversion=75`);
    expect(cdc.status).toBe(200);
    // One QueryResponse per entity asked, in that order; no customer changed since then.
    const [invoices, customers] = cdc.body.CDCResponse[0].QueryResponse;
    expect(customers).toEqual({});
    expect(invoices.Invoice).toHaveLength(2);
    const byId = (id: string) => invoices.Invoice.find((i: { Id: string }) => i.Id === id);
    expect(byId('3')).toMatchObject({ PrivateNote: 'Changed', SyncToken: '1' });
    expect(byId('4')).toMatchObject({ status: 'Deleted', MetaData: { LastUpdatedTime: expect.any(String) } });
    expect(byId('4').Line).toBeUndefined();
    // Queries never list a deleted invoice.
    const listed = await select(running, 'SELECT * FROM Invoice');
    expect(listed.body.QueryResponse.Invoice.map((i: { Id: string }) => i.Id)).toEqual(['2', '3']);

    const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
    const refused = await call(running, `/cdc?entities=Invoice&changedSince=${old}`);
    expect(refused).toMatchObject({ status: 400, body: { Fault: { type: 'ValidationFault' } } });
    expect(refused.body.Fault.Error[0].Detail).toBe(
      `Operation cdc with changedSince date ${old} which is older than fixed days is not supported.`,
    );
    expect((await call(running, '/cdc?changedSince=2026-01-01')).body.Fault.Error[0].Detail).toContain(
      'entities',
    );
  });

  it('change data capture answers at most 1,000 objects, shared by the entities asked', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('customers', 600);
    running.store.seed('invoices', 600);
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const cdc = await call(running, `/cdc?entities=Customer,Invoice&changedSince=${since}`);
    const [customers, invoices] = cdc.body.CDCResponse[0].QueryResponse;
    expect(customers.Customer).toHaveLength(600);
    expect(invoices.Invoice).toHaveLength(400);
  });
});

describe('the QuickBooks preset against the emulator', () => {
  it('puts the cursor and the 1-based offset inside the query text, with minorversion 75', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('customers', 1_500);
    const { records } = await readAll(connectorOn(running), 'customers', '2099-01-02T03:04:05.000Z');
    expect(records).toHaveLength(0);
    await readAll(connectorOn(running), 'customers');
    expect(running.queries.slice(-2)).toEqual([
      "SELECT * FROM Customer WHERE Metadata.LastUpdatedTime >= '1970-01-01T00:00:00Z' AND Active IN (true,false) ORDERBY Metadata.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 1000",
      "SELECT * FROM Customer WHERE Metadata.LastUpdatedTime >= '1970-01-01T00:00:00Z' AND Active IN (true,false) ORDERBY Metadata.LastUpdatedTime STARTPOSITION 1001 MAXRESULTS 1000",
    ]);
    expect(new Set(running.minorVersions)).toEqual(new Set(['75']));
  });

  it('finds a customer whose name has an apostrophe, and an inactive one too', async () => {
    const running = await emulator.start({ tokens: [token] });
    const amy = running.store.put('customers', { DisplayName: "Amy's Bird Sanctuary" });
    const connector = connectorOn(running);
    expect(await connector.lookup('customers', "Amy's Bird Sanctuary")).toBe(amy.Id);
    await connector.remove('customers', amy.Id);
    expect(running.store.items.customers.get(Number(amy.Id))).toMatchObject({ Active: false });
    // Still found: creating a twin would be refused as a duplicate name.
    expect(await connector.lookup('customers', "Amy's Bird Sanctuary")).toBe(amy.Id);
  });

  it('reads the record again when it changed between the read and the write (Stale Object Error)', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('customers', 1);
    let interfered = false;
    const connector = connectorOn(running, (call) => {
      // Someone edits the customer in QuickBooks right after Patchbay read it, once.
      if (!interfered && call.startsWith('GET') && call.endsWith('/customer/1')) {
        interfered = true;
        running.store.change('customers', 1, { CompanyName: 'Edited in QuickBooks' });
      }
    });
    await connector.update('customers', '1', { Notes: 'From Patchbay' });
    // Sparse: the other person's change stays, Patchbay's lands on top.
    expect(running.store.items.customers.get(1)).toMatchObject({
      CompanyName: 'Edited in QuickBooks',
      Notes: 'From Patchbay',
      SyncToken: '2',
    });
  });

  it('a record that keeps changing under the write fails as a conflict in QuickBooks’ words', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('customers', 1);
    const connector = connectorOn(running, (call) => {
      if (call.startsWith('GET') && call.endsWith('/customer/1'))
        running.store.change('customers', 1, { CompanyName: `Edit ${Date.now()}` });
    });
    const error = (await connector
      .update('customers', '1', { Notes: 'x' })
      .catch((e: unknown) => e)) as SyncError;
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ errorClass: 'conflict', recordLevel: true });
    expect(error.detail).toContain('Stale Object Error');
    expect(running.store.items.customers.get(1)!.Notes).toBeUndefined();
  });

  it('a retried create with the same requestid is answered as the first, not made twice', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.faults.set({ lostWriteAnswer: { next: 1 } });
    const connector = connectorOn(running);
    // No look-up key: only the requestid keeps the second attempt from making a twin.
    const id = await connector
      .create('customers', { DisplayName: 'Once Only' }, { idempotencyKey: 'k-1' })
      .catch(async () =>
        connector.create('customers', { DisplayName: 'Once Only' }, { idempotencyKey: 'k-1' }),
      );
    expect(running.store.items.customers.size).toBe(1);
    expect(id).toBe('1');
  });

  it('reports an invoice deleted at the source from change data capture, never as a record', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.put('customers', { DisplayName: 'Invoiced customer' });
    running.store.seed('invoices', 5);
    const connector = connectorOn(running);
    const first = await readAll(connector, 'invoices');
    // A first pass copied nothing yet: no deletions asked for.
    expect(first.deleted).toEqual([]);
    const cursor = first.records
      .map((r) => r.cursorValue!)
      .sort()
      .at(-1)!;
    await connector.remove('invoices', '3');
    running.store.change('invoices', 4, { PrivateNote: 'Changed' });
    const next = await readAll(connector, 'invoices', cursor);
    expect(next.deleted.map((d) => d.id)).toEqual(['3']);
    // The changed invoice, also in the CDC answer, comes once, from the query.
    expect(next.records.map((r) => r.id)).toContain('4');
    expect(next.records.filter((r) => r.id === '4')).toHaveLength(1);
    expect(next.records.map((r) => r.id)).not.toContain('3');
    expect(await connector.getRecord('invoices', '3')).toBeUndefined();
  });

  it('asks change data capture from 30 days back when the last run is older (QuickBooks refuses more)', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.put('customers', { DisplayName: 'Invoiced customer' });
    running.store.seed('invoices', 3);
    running.store.remove('invoices', 3);
    const longAgo = new Date(Date.now() - 45 * 86_400_000).toISOString();
    const { records, deleted } = await readAll(connectorOn(running), 'invoices', longAgo);
    expect(records.map((r) => r.id)).toEqual(['2', '4']);
    expect(deleted.map((d) => d.id)).toEqual(['3']);
  });

  it('reports an inactive customer as deleted at the source; a look-up still finds it', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('customers', 3);
    const connector = connectorOn(running);
    const first = await readAll(connector, 'customers');
    running.store.remove('customers', 2);
    const next = await readAll(
      connector,
      'customers',
      first.records
        .map((r) => r.cursorValue!)
        .sort()
        .at(-1),
    );
    expect(next.deleted.map((d) => d.id)).toEqual(['2']);
    expect(next.records.map((r) => r.id)).not.toContain('2');
    expect(await connector.getRecord('customers', '2')).toBeUndefined();
    expect(await connector.lookup('customers', 'Customer 2')).toBe('2');
  });
});
