import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../contract/apps.ts';
import { KeytarSecretStore } from '../../secrets/keytar-secret-store.ts';
import { secretAccount } from '../../secrets/secret-store.ts';
import { createConnectorFactory, type RetryPolicy } from '../../services/connector-factory.ts';
import { createConnectorCatalog } from '../connector-catalog.ts';
import { createNodeHttpClient } from '../http/node-http-client.ts';
import { type Reply } from '../../testing/local-api-server.ts';
import { itemsManifest, serverPerTest } from '../../testing/connector-test-kit.ts';

// Connectors as the host builds them (services/connector-factory.ts): the secret read
// from the real keychain at each request, one rate limiter per app, retries in place.
// Time is a fake clock and sleeps are recorded, so nothing here waits for real.

const hasKeyring = process.platform !== 'linux' || process.env.PATCHBAY_KEYRING_READY === '1';
const secrets = new KeytarSecretStore(`PatchbayTest-${randomUUID()}`);
const workspace = 'ws';

afterAll(async () => {
  if (hasKeyring) for (const account of await secrets.list()) await secrets.delete(account);
});

const { serve, current } = serverPerTest();

const list = { path: '/items', recordsPath: 'items', pagination: { type: 'none' } };

/** An app on a one-entity manifest, its secret saved in the keychain, and a factory with a fake clock. */
async function appWith(
  options: {
    auth?: object;
    rateLimit?: object;
    config?: Record<string, string>;
    secret?: string;
    retry?: RetryPolicy;
  } = {},
) {
  const manifest = itemsManifest(
    { list },
    {
      auth: options.auth ?? { type: 'bearer' },
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    },
  );
  const app: App = {
    id: `app-${randomUUID()}`,
    name: 'Acme CRM',
    vendor: '',
    category: 'crm',
    owner: '',
    criticality: 'medium',
    notes: '',
    entities: [],
    connector: { kind: 'rest', connector: 'test-api', config: { baseUrl: current().url, ...options.config } },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  await secrets.set(secretAccount(workspace, app.id), options.secret ?? 'key-1');
  const time = { now: Date.parse('2026-03-02T10:00:00.000Z'), sleeps: [] as number[] };
  const parked: (() => void)[] = [];
  let park = false;
  const factory = createConnectorFactory({
    catalog: createConnectorCatalog({ builtIn: [{ manifest, source: 'this test' }] }),
    secrets,
    workspaceName: workspace,
    send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
    clock: { now: () => new Date(time.now) },
    // Parked sleeps wait until the test moves time on; the others move it at once.
    sleep: (ms) => {
      time.sleeps.push(ms);
      if (park) return new Promise<void>((resolve) => parked.push(resolve));
      time.now += ms;
      return Promise.resolve();
    },
    random: () => 0.5,
    retry: options.retry ?? { maxAttempts: 4, baseMs: 100, capMs: 1_000, maxWaitMs: 60_000 },
  });
  return {
    app,
    time,
    connector: factory.forApp(app),
    parkSleeps: () => (park = true),
    parked,
    secretAccount: secretAccount(workspace, app.id),
  };
}

const settle = (ms = 50) => new Promise<void>((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await settle(2);
}

describe.skipIf(!hasKeyring)('connectors built by the connector factory', () => {
  it('reads the saved key once per connector, and again after the app refuses it', async () => {
    let accepted = 'Bearer key-2';
    const s = await serve(({ headers }) =>
      headers.authorization === accepted
        ? { body: { items: [] } }
        : { status: 401, body: { message: 'bad key' } },
    );
    const { connector, secretAccount } = await appWith({ secret: 'key-2' });
    await connector.readPage('items', '', undefined);
    // The key is not read again for every request: a keychain read is a D-Bus round trip.
    await secrets.set(secretAccount, 'key-3');
    await connector.readPage('items', '', undefined);
    // Once the app refuses the copy in hand, the next request reads the keychain again.
    accepted = 'Bearer key-3';
    await expect(connector.readPage('items', '', undefined)).rejects.toMatchObject({ errorClass: 'auth' });
    await connector.readPage('items', '', undefined);
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer key-2',
      'Bearer key-2',
      'Bearer key-2',
      'Bearer key-3',
    ]);
    await secrets.delete(secretAccount);
  });

  it('keeps no more requests in flight than the manifest allows', async () => {
    const held: (() => void)[] = [];
    const s = await serve(
      () => new Promise<Reply>((resolve) => held.push(() => resolve({ body: { items: [] } }))),
    );
    const { connector } = await appWith({ rateLimit: { requests: 1_000, perMs: 1_000, concurrency: 2 } });
    let finished = 0;
    const reads = Array.from({ length: 6 }, () =>
      connector.readPage('items', '', undefined).then(() => finished++),
    );
    while (finished < 6) {
      await until(() => held.length > 0 || finished === 6);
      await settle();
      expect(s.inFlight()).toBeLessThanOrEqual(2);
      for (const release of held.splice(0)) release();
      await until(() => s.inFlight() === 0 || held.length > 0);
    }
    await Promise.all(reads);
    expect(s.requests).toHaveLength(6);
    expect(s.maxInFlight()).toBe(2);
  });

  it('starts no more requests per interval than the manifest allows, then waits out the window', async () => {
    const s = await serve(() => ({ body: { items: [] } }));
    const { connector, parkSleeps, parked, time } = await appWith({
      rateLimit: { requests: 3, perMs: 3_600_000, concurrency: 10 },
    });
    parkSleeps();
    const reads = Array.from({ length: 5 }, () => connector.readPage('items', '', undefined));
    await until(() => s.requests.length === 3 && parked.length === 2);
    await settle();
    expect(s.requests).toHaveLength(3);
    expect(time.sleeps).toEqual([3_600_000, 3_600_000]);
    time.now += 3_600_000;
    for (const wake of parked.splice(0)) wake();
    await Promise.all(reads);
    expect(s.requests).toHaveLength(5);
  });

  it("lets an app's settings change its rate (requestsPerSecond)", async () => {
    const s = await serve(() => ({ body: { items: [] } }));
    const { connector, parkSleeps, parked, time } = await appWith({ config: { requestsPerSecond: '2' } });
    parkSleeps();
    const reads = Array.from({ length: 3 }, () => connector.readPage('items', '', undefined));
    await until(() => s.requests.length === 2 && parked.length === 1);
    expect(time.sleeps).toEqual([1_000]);
    time.now += 1_000;
    parked.splice(0).forEach((wake) => wake());
    await Promise.all(reads);
    expect(s.requests).toHaveLength(3);
  });

  it('waits as long as a 429 says (Retry-After) and pauses the app before trying again', async () => {
    const s = await serve(() =>
      s.requests.length === 1
        ? { status: 429, headers: { 'retry-after': '30' }, body: { message: 'slow down' } }
        : { body: { items: [{ id: 1 }] } },
    );
    const { connector, time } = await appWith();
    const page = await connector.readPage('items', '', undefined);
    expect(page.records.map((r) => r.id)).toEqual(['1']);
    expect(s.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([30_000]);
  });

  it('waits before the next request when the rate-limit headers say the window is spent, without a 429', async () => {
    const s = await serve(() => ({
      headers: { 'x-ratelimit-remaining': s.requests.length === 1 ? '0' : '99', 'x-ratelimit-reset': '7' },
      body: { items: [{ id: s.requests.length }] },
    }));
    const { connector, time } = await appWith({
      rateLimit: {
        requests: 100,
        perMs: 1000,
        headers: { remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset' },
      },
    });
    await connector.readPage('items', '', undefined);
    expect(time.sleeps).toEqual([]);
    await connector.readPage('items', '', undefined);
    // The second request waited the 7 seconds the first answer announced; no 429 was needed.
    expect(time.sleeps).toEqual([7_000]);
    expect(s.requests).toHaveLength(2);
    await connector.readPage('items', '', undefined);
    expect(time.sleeps).toEqual([7_000]);
  });

  it('retries a cut-off body and 5xx answers with backoff, and succeeds', async () => {
    const answers: Reply[] = [
      { body: '{"items": [{"id"' },
      { status: 503, body: { message: 'busy' } },
      { status: 502, body: '<html>Bad gateway</html>' },
      { body: { items: [{ id: 'ok' }] } },
    ];
    const s = await serve(() => answers.shift()!);
    const { connector, time } = await appWith();
    const page = await connector.readPage('items', '', undefined);
    expect(page.records.map((r) => r.id)).toEqual(['ok']);
    expect(s.requests).toHaveLength(4);
    expect(time.sleeps).toEqual([50, 100, 200]);
  });

  it('does not retry what will not get better by itself', async () => {
    const s = await serve(() => ({ status: 400, body: { message: 'bad filter' } }));
    const { connector, time } = await appWith();
    await expect(connector.readPage('items', '', undefined)).rejects.toMatchObject({
      errorClass: 'validation',
      detail: 'bad filter',
    });
    expect(s.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('gives up on an unreachable app after its attempts, as a network error', async () => {
    await serve(() => ({ body: {} }));
    const { connector, time } = await appWith({
      retry: { maxAttempts: 3, baseMs: 100, capMs: 1_000, maxWaitMs: 60_000 },
    });
    await current().close();
    await expect(connector.readPage('items', '', undefined)).rejects.toMatchObject({
      errorClass: 'network',
      retryable: true,
    });
    expect(time.sleeps).toHaveLength(2);
  });
});
