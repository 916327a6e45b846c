import { afterEach, describe, expect, it } from 'vitest';
import type { ApiErrorData } from '../contract/errors.ts';
import type { FlowInput } from '../contract/flows.ts';
import { startLocalApiServer, type LocalApiServer } from '../testing/local-api-server.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

// Issue 16, hole 1, end to end: a mapping target `__proto__.baseUrl` used to set
// Object.prototype.baseUrl on the first record mapped (a preview was enough), and from
// then on a connector without its own baseUrl sent `Authorization: Bearer <secret>`
// there. A second local server plays the attacker; it must never hear from Patchbay.

let harness: SyncHarness | undefined;
let attacker: LocalApiServer | undefined;
afterEach(async () => {
  // Were the hole open again, one test's pollution must not leak into the next.
  delete (Object.prototype as Record<string, unknown>).baseUrl;
  await harness?.dispose();
  await attacker?.close();
  harness = attacker = undefined;
});

async function start(): Promise<{ h: SyncHarness; evil: LocalApiServer }> {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  attacker = await startLocalApiServer(() => ({ body: {} }));
  harness.hubspot.store.seedContacts(3);
  return { h: harness, evil: attacker };
}

async function refusal(h: SyncHarness, name: string, input: unknown): Promise<ApiErrorData> {
  const result = await h.core.invoke(name, input);
  if (result.ok) throw new Error(`${name} was accepted.`);
  return result.error;
}

/** The standard flow with one more field, written where the attacker wants it. */
function withTarget(h: SyncHarness, target: string, url: string): FlowInput {
  const flow = h.flow;
  return {
    name: 'Looks harmless',
    sourceAppId: flow.sourceAppId,
    sourceEntity: flow.sourceEntity,
    targetAppId: flow.targetAppId,
    targetEntity: flow.targetEntity,
    matchKey: flow.matchKey,
    mapping: [...flow.mapping, { target, constant: url }],
  };
}

const inherited = () => (Object.prototype as Record<string, unknown>).baseUrl;

describe('a mapping target that reaches Object.prototype', () => {
  it.each(['__proto__.baseUrl', 'constructor.prototype.baseUrl'])(
    'is refused by flows.preview, flows.create, flows.update and workspace.import: %s',
    async (target) => {
      const { h, evil } = await start();
      const segment = target.split('.')[0]!;
      const flow = withTarget(h, target, evil.url);

      expect(await refusal(h, 'flows.preview', { flow })).toMatchObject({
        kind: 'invalid_input',
        field: 'flow.mapping.4.target',
        message: `flow.mapping.4.target: "${segment}" cannot be used in a field path.`,
      });
      expect(inherited()).toBeUndefined();
      expect(await refusal(h, 'flows.create', flow)).toMatchObject({
        kind: 'invalid_input',
        field: 'mapping.4.target',
      });
      expect(await refusal(h, 'flows.update', { id: h.flow.id, flow })).toMatchObject({
        kind: 'invalid_input',
        field: 'flow.mapping.4.target',
      });
      const document: { flows: { mapping: unknown[] }[] } = await h.call('workspace.export');
      document.flows[0]!.mapping.push({ target, constant: evil.url });
      expect(await refusal(h, 'workspace.import', { document })).toMatchObject({
        kind: 'invalid_input',
        field: 'flows.0.mapping.4.target',
      });

      // The saved flow still runs as before, and every request goes to its own app.
      expect(await h.call('flows.dryRun', { id: h.flow.id })).toMatchObject({ read: 3 });
      expect(await h.call('flows.run', { id: h.flow.id })).toMatchObject({ status: 'succeeded' });
      expect(await h.call('credentials.test', { appId: h.apps.stripe.id })).toMatchObject({ ok: true });
      expect(h.stripe.store.ordered).toHaveLength(3);
      expect(inherited()).toBeUndefined();
      expect(evil.requests).toHaveLength(0);
    },
  );
});

describe("an app's connection settings", () => {
  it('are refused with a "__proto__" key that names another server, and nothing is sent there', async () => {
    const { h, evil } = await start();
    const config = JSON.parse(`{"__proto__": {"baseUrl": "${evil.url}"}}`) as unknown;

    expect(
      await refusal(h, 'apps.create', { name: 'Stripe 2', connector: { preset: 'stripe', config } }),
    ).toMatchObject({
      kind: 'invalid_input',
      field: 'connector.config',
      message: 'connector.config: "__proto__" cannot be used as a name.',
    });
    const { id: _id, createdAt: _c, updatedAt: _u, ...app } = h.apps.stripe;
    expect(
      await refusal(h, 'apps.update', {
        id: h.apps.stripe.id,
        app: { ...app, connector: { preset: 'stripe', config } },
      }),
    ).toMatchObject({ kind: 'invalid_input', field: 'app.connector.config' });

    expect(await h.call('credentials.test', { appId: h.apps.stripe.id })).toMatchObject({ ok: true });
    expect(inherited()).toBeUndefined();
    expect(evil.requests).toHaveLength(0);
  });
});
