import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../storage/migrations/index.ts';
import type { MethodInput, PatchbayEvent } from '../contract/methods.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';
import Database from 'better-sqlite3';
import { join } from 'node:path';

let t: TestCore;
let events: PatchbayEvent[];
beforeEach(() => {
  t = openTestCore({ secrets: new InMemorySecretStore() });
  events = [];
  t.core.onEvent((e) => events.push(e));
});
afterEach(() => t.dispose());

const hubspot = {
  name: 'HubSpot',
  vendor: 'HubSpot',
  category: 'crm',
  owner: 'Maria',
  criticality: 'high',
  entities: [{ name: 'Contacts', systemOfRecord: true }, { name: 'Companies' }],
} satisfies MethodInput<'apps.create'>;

describe('apps through the API contract', () => {
  it('creates, lists, gets, updates and deletes an app with its entities', async () => {
    const created = await t.call('apps.create', hubspot);
    expect(created).toMatchObject({
      name: 'HubSpot',
      category: 'crm',
      notes: '',
      entities: [
        { name: 'Contacts', systemOfRecord: true },
        { name: 'Companies', systemOfRecord: false },
      ],
    });
    await t.call('apps.create', { name: '  Xero ', category: 'accounting' });
    expect((await t.call('apps.list', {})).map((a) => a.name)).toEqual(['HubSpot', 'Xero']);
    expect(await t.call('apps.get', { id: created.id })).toEqual(created);

    const updated = await t.call('apps.update', {
      id: created.id,
      app: { ...hubspot, owner: 'Tom', entities: [{ name: 'Contacts', systemOfRecord: false }] },
    });
    expect(updated.owner).toBe('Tom');
    expect(updated.entities).toEqual([{ name: 'Contacts', systemOfRecord: false }]);

    await t.call('apps.delete', { id: created.id });
    const missing = await t.core.invoke('apps.get', { id: created.id });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(events.map((e) => `${e.name}:${(e.payload as { change: string }).change}`)).toEqual([
      'apps.changed:created',
      'apps.changed:created',
      'apps.changed:updated',
      'apps.changed:deleted',
    ]);
  });

  it('answers a bad input with a typed error naming the field, and changes nothing', async () => {
    const result = await t.core.invoke('apps.create', { ...hubspot, name: '   ', criticality: 'urgent' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_input', field: 'name' } });
    if (result.ok) return;
    expect(result.error.issues?.map((i) => i.field)).toEqual(['name', 'criticality']);
    expect(result.error.message).toBe('name: Enter a name for the app.');

    const nested = await t.core.invoke('apps.create', {
      ...hubspot,
      entities: [{ name: 'Contacts' }, { name: 'contacts' }],
    });
    expect(nested).toMatchObject({ ok: false, error: { kind: 'invalid_input', field: 'entities.1.name' } });
    expect(await t.call('apps.list', {})).toEqual([]);
    expect(events).toEqual([]);
  });

  it('refuses a duplicate name and a second system of record, naming the field', async () => {
    await t.call('apps.create', hubspot);
    expect(await t.core.invoke('apps.create', { name: 'hubspot' })).toMatchObject({
      ok: false,
      error: { kind: 'conflict', field: 'name' },
    });
    const second = await t.core.invoke('apps.create', {
      name: 'Pipedrive',
      entities: [{ name: 'Deals' }, { name: 'contacts', systemOfRecord: true }],
    });
    expect(second).toMatchObject({
      ok: false,
      error: {
        kind: 'conflict',
        field: 'entities.1.systemOfRecord',
        message: 'HubSpot is already the system of record for contacts. Turn it off there first.',
      },
    });
    expect((await t.call('apps.list', {})).map((a) => a.name)).toEqual(['HubSpot']);
  });

  it('refuses to delete an app that a flow uses', async () => {
    const a = await t.call('apps.create', { name: 'A' });
    const b = await t.call('apps.create', { name: 'B' });
    const db = new Database(join(t.dir, 'patchbay.db'));
    db.prepare(
      `INSERT INTO flows (id, name, source_app_id, source_entity, target_app_id, target_entity, created_at, updated_at)
       VALUES ('f1', 'A to B', ?, 'Contacts', ?, 'Customers', 'x', 'x')`,
    ).run(a.id, b.id);
    db.close();
    expect(await t.core.invoke('apps.delete', { id: a.id })).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: 'A is used by 1 flow. Delete or change it first.' },
    });
    expect((await t.call('apps.list', {})).length).toBe(2);
  });

  it('keeps the connector preset and its settings, and refuses credentials in them', async () => {
    const app = await t.call('apps.create', {
      ...hubspot,
      connector: { preset: 'hubspot', config: { baseUrl: 'http://127.0.0.1:9999' } },
    });
    // Given as a preset (the shape before connectors had kinds), kept as a REST connector.
    expect((await t.call('apps.get', { id: app.id })).connector).toEqual({
      kind: 'rest',
      connector: 'hubspot',
      config: { baseUrl: 'http://127.0.0.1:9999' },
    });
    const leaky = await t.core.invoke('apps.create', {
      name: 'Stripe',
      connector: { preset: 'stripe', config: { apiKey: 'sk_test_123' } },
    });
    expect(leaky).toMatchObject({ ok: false, error: { kind: 'invalid_input', field: 'connector.config' } });
  });

  it('writes every change to the audit trail', async () => {
    const app = await t.call('apps.create', hubspot);
    await t.call('apps.delete', { id: app.id });
    const db = new Database(join(t.dir, 'patchbay.db'), { readonly: true });
    const rows = db
      .prepare<[], { action: string; subject: string }>('SELECT action, subject FROM audit ORDER BY id')
      .all();
    db.close();
    expect(rows).toEqual([
      { action: 'app.create', subject: app.id },
      { action: 'app.delete', subject: app.id },
    ]);
  });

  it('answers an unknown method and a missing id with typed errors', async () => {
    expect(await t.core.invoke('apps.explode', {})).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    expect(await t.core.invoke('apps.get', {})).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input', field: 'id' },
    });
    expect(await t.core.invoke('health.get', { extra: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input' },
    });
  });

  it('reports health with the workspace and the app count', async () => {
    await t.call('apps.create', hubspot);
    expect(await t.call('health.get', {})).toMatchObject({
      status: 'ok',
      appCount: 1,
      schemaVersion: migrations.at(-1)!.version,
      workspace: { dir: t.dir },
    });
  });
});
