import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../connectors/http/node-http-client.ts';
import { createManifestConnector } from '../../connectors/manifest/manifest-connector.ts';
import { builtInConnectors } from '../../connectors/presets/index.ts';
import { retryInPlace } from '../../reliability/backoff.ts';
import { SyncError, toSyncError } from '../../reliability/sync-error-policy.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import {
  addShopAndAccounting,
  invoiceNumberOf,
  ordersToInvoices,
  shopifyClients,
  xeroAccessToken,
} from '../../testing/orders-to-invoices.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import type { FaultSettings } from './faults.ts';
import { startShopifyEmulator, type ShopifyEmulator } from './shopify-emulator.ts';
import { startXeroEmulator, type XeroEmulator } from './xero-emulator.ts';

// Shopify orders become Xero invoices through the whole core (engine, connector factory,
// retries, OAuth sign-in, rate limiter) over real HTTP: 2,000 orders with faults on,
// and a daily budget that runs out part-way, with a clock the test moves.

let harness: SyncHarness | undefined;
let emulators: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all([harness?.dispose(), ...emulators.map((e) => e.close())]);
  harness = undefined;
  emulators = [];
});

async function shopAndAccounting(
  options: { dayLimit?: number; dayMs?: number; clock?: { now(): Date } } = {},
) {
  const shopify = await startShopifyEmulator({
    clients: shopifyClients,
    rateLimit: { requests: 100_000, perMs: 20_000 },
  });
  const xero = await startXeroEmulator({
    tokens: [xeroAccessToken],
    rateLimit: { requests: 100_000, perMs: 60_000 },
    ...(options.dayLimit ? { dayLimit: options.dayLimit } : {}),
    ...(options.dayMs ? { dayMs: options.dayMs } : {}),
  });
  emulators.push(shopify, xero);
  harness = await startSyncHarness({
    secrets: new InMemorySecretStore(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const h = harness;
  const { shopifyId, xeroId } = await addShopAndAccounting(h.call, shopify, xero);
  const flow = await h.call('flows.create', ordersToInvoices(shopifyId, xeroId));
  return { h, shopify, xero, flow, xeroId };
}

/** Every order's invoice, by number: exactly one each, with the order's total. */
function expectOneInvoicePerOrder(shopify: ShopifyEmulator, xero: XeroEmulator) {
  const invoices = [...xero.store.items.Invoices.values()];
  const numbers = invoices.map((i) => String(i.InvoiceNumber));
  expect(new Set(numbers).size).toBe(invoices.length);
  expect(invoices).toHaveLength(shopify.store.items.orders.size);
  for (const order of shopify.store.items.orders.values()) {
    const invoice = xero.store.find('Invoices', 'InvoiceNumber', invoiceNumberOf(Number(order.order_number)));
    expect(invoice?.Total).toBe(Number(order.total_price));
  }
}

/** Faults Xero answers with: throttles, 5xx before and after a write, lost answers, cut bodies. */
const xeroFaults: FaultSettings = {
  seed: 29,
  rate429: { probability: 0.03 },
  server5xx: { probability: 0.03 },
  lostWriteAnswer: { probability: 0.04, writesOnly: true },
  serverErrorAfterWrite: { probability: 0.03, status: 504 },
  dropConnection: { probability: 0.02 },
  malformedJson: { probability: 0.02 },
};

describe('Shopify orders become Xero invoices', () => {
  it('2,000 orders with faults on: each invoice once, then a change updates only its invoice', async () => {
    const total = 2_000;
    const { h, shopify, xero, flow } = await shopAndAccounting();
    shopify.store.seed('orders', total);
    shopify.faults.set({ seed: 3, rate429: { probability: 0.03 }, server5xx: { probability: 0.02 } });
    xero.faults.set(xeroFaults);

    const first = await h.call('flows.run', { id: flow.id });
    expect(first).toMatchObject({
      status: 'succeeded',
      counts: { read: total, created: total, updated: 0, failed: 0 },
    });
    expectOneInvoicePerOrder(shopify, xero);
    const fired = xero.faults.fired;
    expect(fired.lostWriteAnswer + fired.serverErrorAfterWrite).toBeGreaterThan(0);
    expect(fired.rate429 + fired.server5xx + fired.malformedJson).toBeGreaterThan(0);

    // Two orders refunded in the shop: the next run updates their two invoices, nothing else.
    const [a, b] = [...shopify.store.items.orders.keys()].slice(10, 12);
    for (const id of [a!, b!])
      shopify.store.change('orders', id, { line_items: [{ title: 'Refund', quantity: 1, price: '0.50' }] });
    const second = await h.call('flows.run', { id: flow.id });
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 2, failed: 0 } });
    expectOneInvoicePerOrder(shopify, xero);
    expect(xero.store.find('Invoices', 'InvoiceNumber', invoiceNumberOf(1011))?.Total).toBe(0.5);
  }, 300_000);

  it('a spent daily budget pauses the flow until it resets, queues no failures, and the flow then finishes each order once', async () => {
    let now = Date.parse('2026-11-23T08:00:00Z');
    const clock = { now: () => new Date(now) };
    // 600 orders read as pages of 250, 250 and 100: 12 batches of 50; the day allows 7.
    const { h, shopify, xero, flow, xeroId } = await shopAndAccounting({ dayLimit: 7, clock });
    shopify.store.seed('orders', 600);
    await h.call('flows.update', {
      id: flow.id,
      flow: { ...ordersToInvoices(flow.sourceAppId, xeroId), schedule: 'every 15 minutes' },
    });
    await h.call('scheduler.catchUp'); // the schedule counts from 08:00

    const first = await h.call('flows.run', { id: flow.id });
    // Page 1 (5 batches) was saved; page 2's third batch would be the eighth request of the day.
    // Paused, not failed: nothing went wrong, the run carries on after the reset.
    expect(first).toMatchObject({ status: 'paused', counts: { read: 250, created: 250, failed: 0 } });
    const stored = await h.call('runs.list', { status: 'paused', limit: 10, offset: 0 });
    expect(stored.items.map((run) => run.id)).toEqual([first.runId]);
    expect(first.error).toContain("Xero's daily limit of requests is used up");
    expect(xero.day).toEqual({ used: 7, refused: 0 }); // stopped before asking again
    const failures = await h.call('failures.list', { limit: 10, offset: 0 });
    expect(failures.total).toBe(0);

    const paused = await h.call('flows.get', { id: flow.id });
    // Xero answered "0 left today" without saying when it resets: a rolling day from now.
    // Read after "Patchbay paused this flow:", so it says "paused" no second time.
    expect(paused.pausedReason).toMatch(
      /^Xero's daily limit of requests is used up until Tue 24 Nov, \d\d:\d\d .+\. Patchbay resumes these flows by itself then\.$/,
    );
    expect(paused.pausedReason).not.toMatch(/paused/i);
    const [circuit] = await h.call('apps.circuits');
    expect(circuit).toMatchObject({ appId: xeroId, kind: 'budget', pausedUntil: '2026-11-24T08:00:00.000Z' });
    await expect(h.call('flows.run', { id: flow.id })).rejects.toMatchObject({ kind: 'conflict' });

    // Three hours on, before the reset: its slots pass and the scheduler starts nothing.
    const runsBefore = (await h.call('runs.list', { limit: 50, offset: 0 })).total;
    now += 3 * 3_600_000;
    await h.call('scheduler.catchUp');
    expect((await h.call('runs.list', { limit: 50, offset: 0 })).total).toBe(runsBefore);
    expect((await h.call('flows.get', { id: flow.id })).pausedReason).not.toBeNull();

    // The next day (the PC slept through the reset): the catch-up on waking lifts the pause.
    now = Date.parse('2026-11-24T08:00:30Z');
    xero.resetDay();
    await h.call('scheduler.catchUp');
    expect((await h.call('flows.get', { id: flow.id })).pausedReason).toBeNull();
    expect(await h.call('apps.circuits')).toEqual([]);
    const resumed = await waitForRunToFinish(h, flow.id, runsBefore);
    expect(resumed.counts).toMatchObject({ created: 350, failed: 0 });
    expectOneInvoicePerOrder(shopify, xero);
  }, 120_000);
});

describe("Xero's daily limit, as a 429", () => {
  it('another app spent the day: the first refusal pauses the flow, and the pause ends by itself at its Retry-After', async () => {
    // A "day" of 2 seconds, so the timer that lifts the pause fires within the test.
    const { h, shopify, xero, flow, xeroId } = await shopAndAccounting({ dayLimit: 5, dayMs: 2000 });
    shopify.store.seed('orders', 120);
    xero.spendDay(5);
    const closed = new Promise<unknown>((resolve) =>
      h.core.onEvent((event) => {
        if (event.name === 'apps.circuit' && (event.payload as { state: string }).state === 'closed')
          resolve(event.payload);
      }),
    );
    const run = await h.call('flows.run', { id: flow.id });
    expect(run).toMatchObject({ status: 'paused', counts: { created: 0, failed: 0 } });
    expect(xero.day.refused).toBe(1); // asked once, not retried
    const [circuit] = await h.call('apps.circuits');
    expect(circuit).toMatchObject({ appId: xeroId, kind: 'budget' });
    expect(Date.parse(circuit!.pausedUntil!) - Date.now()).toBeLessThanOrEqual(3_000);

    // No one touches anything: the day's requests age out and the timer lifts the pause.
    expect(await closed).toMatchObject({ appId: xeroId, kind: 'budget', flowIds: [flow.id] });
    expect((await h.call('flows.get', { id: flow.id })).pausedReason).toBeNull();
    expect(await h.call('flows.run', { id: flow.id })).toMatchObject({
      status: 'succeeded',
      counts: { created: 120, failed: 0 },
    });
    expectOneInvoicePerOrder(shopify, xero);
  }, 60_000);

  it('a 429 naming the day is not retried: it stops with the reset time its Retry-After gives', async () => {
    const xero = await startXeroEmulator({ tokens: [xeroAccessToken], dayLimit: 2 });
    emulators.push(xero);
    const manifest = builtInConnectors.find((c) => c.manifest.id === 'xero')!.manifest;
    const now = new Date('2026-11-23T08:00:00Z');
    const waits: number[] = [];
    const connectorOf = () =>
      createManifestConnector({
        manifest,
        appName: 'Xero',
        config: { tenantId: xero.tenantId, baseUrl: `${xero.url}/api.xro/2.0` },
        secret: async () => xeroAccessToken,
        send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
        now: () => now,
        reliably: (operation) =>
          retryInPlace(operation, {
            baseMs: 1,
            capMs: 5,
            maxAttempts: 6,
            maxWaitMs: 60_000,
            random: () => 0.5,
            toSyncError: (error) => toSyncError(error, 'Xero'),
            sleep: async (ms) => void waits.push(ms),
          }),
      });
    // Another PC's run spent the day: this connector has not seen a "0 left" header.
    await connectorOf().check();
    await connectorOf().check();
    const error = (await connectorOf()
      .readPage('contacts', '1970-01-01T00:00:00.000Z', undefined)
      .catch((e: unknown) => e)) as SyncError;
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({
      errorClass: 'rate_limit',
      recordLevel: false,
      retryable: false,
      status: 429,
    });
    expect(error.message).toContain("Xero's daily limit of requests is used up");
    // Retry-After counts from Xero's own clock (real time here): about a day after the first request.
    const resetIn = error.pausedUntil!.getTime() - now.getTime();
    expect(resetIn).toBeGreaterThan(86_000_000);
    expect(resetIn).toBeLessThanOrEqual(86_400_000);
    expect(xero.day.refused).toBe(1);
    expect(waits).toEqual([]);
  });
});

/** The run started after `runsBefore` (a catch-up, or "Sync now" if none was due), once it has finished. */
async function waitForRunToFinish(h: SyncHarness, flowId: string, runsBefore: number) {
  for (;;) {
    const { items, total } = await h.call('runs.list', { flowId, limit: 1, offset: 0 });
    if (total === runsBefore) return h.call('flows.run', { id: flowId });
    if (items[0]!.status !== 'running') return items[0]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
