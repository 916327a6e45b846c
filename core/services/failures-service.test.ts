import { afterEach, expect, it } from 'vitest';
import type { Manifest } from '../connectors/manifest/manifest-schema.ts';
import { builtInConnectors } from '../connectors/presets/index.ts';
import { ApiError } from '../contract/errors.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { contactsToCustomers, startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** Stripe's preset with the customer fields its API takes listed, as a connector that knows them would. */
function stripeWithFields(): Manifest {
  const manifest = structuredClone(builtInConnectors.find((c) => c.manifest.id === 'stripe')!.manifest);
  manifest.entities.customers!.fields = ['email', 'name', 'phone', 'description', 'metadata'].map((name) => ({
    name,
  }));
  return manifest;
}

async function refusal(work: Promise<unknown>): Promise<ApiError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

it('corrects a failed record, refusing what Stripe would refuse, retries it with the edit and audits the edit', async () => {
  harness = await startSyncHarness({
    secrets: new InMemorySecretStore(),
    presets: { stripe: stripeWithFields() },
  });
  const h = harness;
  const base = contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id);
  await h.call('flows.update', {
    id: h.flow.id,
    flow: { ...base, mapping: [...base.mapping, { target: 'favourite_colour', constant: 'green' }] },
  });
  h.hubspot.store.upsert({ email: 'maria.garcia@example.com', firstname: 'Maria', lastname: 'Garcia' });
  expect(await h.call('flows.run', { id: h.flow.id })).toMatchObject({ counts: { failed: 1, created: 0 } });
  const [failure] = (await h.call('failures.list', {})).items;
  expect(failure!.message).toMatch(/unknown parameter: favourite_colour/);

  const detail = await h.call('failures.get', { id: failure!.id });
  expect(detail).toMatchObject({ flowName: base.name, targetAppName: 'Stripe', targetEntity: 'customers' });
  expect(detail.fields.map((f) => [f.name, f.value, f.known])).toEqual([
    ['email', 'maria.garcia@example.com', true],
    ['name', 'Maria Garcia', true],
    ['phone', null, true],
    ['metadata.hubspot_id', failure!.sourceRecordId, true],
    ['favourite_colour', 'green', false],
  ]);

  // As Stripe would: a field it does not have, and the match key emptied. Nothing is sent.
  const refused = await refusal(
    h.call('failures.retryWithEdit', { id: failure!.id, values: { email: '', name: 'Maria G.' } }),
  );
  expect(refused.kind).toBe('invalid_input');
  expect(refused.issues?.map((i) => i.field)).toEqual(['values.email', 'values.favourite_colour']);
  expect(refused.issues?.[1]?.message).toBe(
    'Stripe has no field "favourite_colour" in customers. Empty it to leave it out, or change the flow\'s mapping.',
  );
  expect(h.stripe.store.withEmail('maria.garcia@example.com')).toHaveLength(0);
  expect((await h.call('failures.list', {})).items.map((f) => f.id)).toEqual([failure!.id]);

  // The credential-shaped value typed into a record is written, but not kept in the audit log.
  const pasted = 'sk_live_51Hx9Q2eZvKYlo2C0123456789abcdef';
  const done = await h.call('failures.retryWithEdit', {
    id: failure!.id,
    values: { name: 'Maria García', favourite_colour: null, phone: pasted },
  });
  expect(done.run).toMatchObject({ status: 'succeeded', counts: { created: 1, failed: 0 } });
  expect(h.stripe.store.withEmail('maria.garcia@example.com')[0]).toMatchObject({
    name: 'Maria García',
    metadata: { hubspot_id: failure!.sourceRecordId },
  });
  expect((await h.call('failures.list', {})).total).toBe(0);

  const audit = await h.call('audit.list', { kind: 'failures' });
  const edit = audit.items.find((e) => e.action === 'failures.retry-edited')!;
  expect(edit.summary).toBe('Corrected a failed record and retried it');
  expect(edit.details.join('\n')).toContain('name = Maria García');
  expect(edit.details.join('\n')).toContain('favourite_colour = null');
  expect(JSON.stringify(audit)).not.toContain(pasted);
  expect((await h.call('audit.export', {})).csv).not.toContain(pasted);
});

it('a closed failure cannot be retried with an edit, and an unknown one is not found', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.upsert({ firstname: 'No', lastname: 'Email' });
  await h.call('flows.run', { id: h.flow.id });
  const [failure] = (await h.call('failures.list', {})).items;
  await h.call('failures.ignore', { ids: [failure!.id], note: 'Not a customer.' });
  const closed = await refusal(h.call('failures.retryWithEdit', { id: failure!.id, values: {} }));
  expect(closed).toMatchObject({
    kind: 'conflict',
    message: 'This record was already ignored; there is nothing to retry.',
  });
  expect(await refusal(h.call('failures.get', { id: 999 }))).toMatchObject({ kind: 'not_found' });
});

it('assigns failures to people, filters by them, keeps notes, and offers the names in use and from Settings', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  for (const name of ['Ann', 'Bob', 'Cy']) h.hubspot.store.upsert({ firstname: name });
  await h.call('flows.run', { id: h.flow.id });
  const ids = (await h.call('failures.list', {})).items.map((f) => f.id).sort((a, b) => a - b);
  expect(ids).toHaveLength(3);

  expect(await h.call('failures.assign', { ids: ids.slice(0, 2), assignee: '  Priya Shah ' })).toEqual({
    changed: 2,
  });
  await h.call('failures.note', { ids: [ids[0]!], note: 'Asked the client for the email.\nWaiting.' });
  const priyas = await h.call('failures.list', { assignee: 'Priya Shah' });
  expect(priyas.items.map((f) => f.id).sort()).toEqual(ids.slice(0, 2));
  expect(priyas.items.find((f) => f.id === ids[0])).toMatchObject({
    assignee: 'Priya Shah',
    note: 'Asked the client for the email.\nWaiting.',
    state: 'needs-attention',
  });
  expect((await h.call('failures.list', { assignee: null })).items.map((f) => f.id)).toEqual([ids[2]]);

  await h.call('settings.update', { people: ['Tom Jones'] });
  expect(await h.call('failures.people')).toEqual({ names: ['Tom Jones', 'Priya Shah'] });

  expect(await h.core.invoke('failures.assign', { ids, assignee: 'Eve\u202e' })).toMatchObject({
    ok: false,
    error: {
      kind: 'invalid_input',
      field: 'assignee',
      message: expect.stringMatching(/invisible characters/),
    },
  });
  expect(await h.core.invoke('failures.assign', { ids: [], assignee: 'x' })).toMatchObject({
    ok: false,
    error: { field: 'ids', message: expect.stringContaining('Choose at least one failure.') },
  });

  await h.call('failures.assign', { ids: [ids[1]!], assignee: null });
  expect((await h.call('failures.list', { assignee: 'Priya Shah' })).total).toBe(1);
  const audit = await h.call('audit.list', { kind: 'failures' });
  expect(audit.items.map((e) => e.action)).toEqual(['failures.assign', 'failures.note', 'failures.assign']);
  expect(audit.items[2]!.details).toEqual(['assignee: Priya Shah']);
});

it("links a failed contact to its page in HubSpot's web app, served by the emulator", async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  const { contact } = h.hubspot.store.upsert({ firstname: 'Linked', lastname: 'Contact' });
  await h.call('flows.run', { id: h.flow.id });
  // Without the account id there is no true address for the page: no link.
  expect((await h.call('failures.list', {})).items[0]!.sourceLink).toBeNull();

  const app = h.apps.hubspot;
  const { id: _id, createdAt: _c, updatedAt: _u, connector, ...rest } = app;
  await h.call('apps.update', {
    id: app.id,
    app: { ...rest, connector: { ...connector!, config: { ...connector!.config, portalId: '4410021' } } },
  });
  const [failure] = (await h.call('failures.list', {})).items;
  expect(failure!.sourceLink).toEqual({
    url: `${h.hubspot.url}/contacts/4410021/record/0-1/${contact.id}`,
    appName: 'HubSpot',
  });
  const page = await fetch(failure!.sourceLink!.url);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(await page.text()).toContain('<h1>Linked Contact</h1>');
  expect((await fetch(`${h.hubspot.url}/contacts/4410021/record/0-1/999999`)).status).toBe(404);
  // The run page lists the same link.
  expect((await h.call('runs.get', { id: failure!.runId! })).failures[0]!.sourceLink).toEqual(
    failure!.sourceLink,
  );
});

it('a corrected record Stripe still refuses stays open with its new message, and the next edit starts from the correction', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.upsert({ firstname: 'Jo', lastname: 'Bloggs' });
  await h.call('flows.run', { id: h.flow.id });
  const [failure] = (await h.call('failures.list', {})).items;
  expect(failure!.errorClass).toBe('mapping');
  const fields = (await h.call('failures.get', { id: failure!.id })).fields;
  expect(fields[0]).toMatchObject({
    name: 'email',
    value: null,
    problem: 'email (from email) is empty, and the flow needs it.',
  });

  const still = await h.call('failures.retryWithEdit', {
    id: failure!.id,
    values: { email: 'jo.bloggs(at)example.com' },
  });
  expect(still.run).toMatchObject({ status: 'partial', counts: { failed: 1 } });
  const again = await h.call('failures.get', { id: failure!.id });
  expect(again.failure).toMatchObject({ state: 'needs-attention', errorClass: 'validation', attempts: 2 });
  expect(again.fields[0]).toMatchObject({ name: 'email', value: 'jo.bloggs(at)example.com' });

  await h.call('failures.retryWithEdit', { id: failure!.id, values: { email: 'jo.bloggs@example.com' } });
  expect(h.stripe.store.withEmail('jo.bloggs@example.com')[0]).toMatchObject({ name: 'Jo Bloggs' });
  expect((await h.call('failures.get', { id: failure!.id })).failure.state).toBe('resolved');
});
