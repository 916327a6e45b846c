import { afterEach, describe, expect, it } from 'vitest';
import type { FlowInput } from '../contract/flows.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** An unsaved flow from the harness apps, with a title-cased name and a required company. */
function draft(h: SyncHarness, changes: Partial<FlowInput> = {}): FlowInput {
  return {
    name: 'Not saved yet',
    sourceAppId: h.apps.hubspot.id,
    sourceEntity: 'Contacts',
    targetAppId: h.apps.stripe.id,
    targetEntity: 'customers',
    matchKey: 'email',
    mapping: [
      { target: 'email', source: 'email', transforms: [{ type: 'case', to: 'upper' }] },
      { target: 'description', source: 'company', required: true },
      { target: 'metadata.hubspot_id', source: 'id' },
    ],
    ...changes,
  };
}

describe('previewing a flow before it is saved', () => {
  it('maps the first few source records side by side, and writes nothing', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    h.hubspot.store.seedContacts(8);
    h.hubspot.store.upsert({ email: 'nocompany@example.com', firstname: 'No', lastname: 'Company' });
    const runsBefore = await h.call('runs.list', {});

    const { samples } = await h.call('flows.preview', { flow: draft(h), sampleSize: 3 });

    expect(samples).toHaveLength(3);
    expect(samples[0]).toMatchObject({
      source: { email: 'contact1@example.com', company: 'Company 1' },
      target: {
        email: 'CONTACT1@EXAMPLE.COM',
        description: 'Company 1',
        metadata: { hubspot_id: samples[0]!.sourceId },
      },
      problem: null,
    });
    expect(h.stripe.store.ordered).toHaveLength(0);
    expect(await h.call('runs.list', {})).toEqual(runsBefore);
    expect(await h.call('flows.cursor', { id: h.flow.id })).toMatchObject({ checkpoint: null });

    // The default sample size is 5; a record the mapping refuses says why instead.
    const all = await h.call('flows.preview', { flow: draft(h), sampleSize: 20 });
    expect(all.samples).toHaveLength(9);
    expect(all.samples.find((s) => s.source.email === 'nocompany@example.com')).toMatchObject({
      target: null,
      problem: 'description (from company) is empty, and the flow needs it.',
    });
    expect((await h.call('flows.preview', { flow: draft(h) })).samples).toHaveLength(5);
    expect(all.warnings).toEqual([]);
  });

  // Issue 14, item 3: a source field that does not exist previewed as "all mapped".
  it('flags a source field neither HubSpot nor its records have, and a field Stripe does not take', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    h.hubspot.store.seedContacts(3);
    const mistyped = draft(h, {
      mapping: [
        { target: 'email', source: 'emial' },
        { target: 'name', template: '{{firstname}} {{lastnmae}}' },
        { target: 'favourite_colour', constant: 'blue' },
        { target: 'metadata.hubspot_id', source: 'id' },
      ],
    });
    const { samples, warnings } = await h.call('flows.preview', { flow: mistyped });
    expect(samples).toHaveLength(3);
    expect(warnings).toEqual([
      {
        field: 'mapping.0.source',
        message:
          '“emial” is not a field of HubSpot contacts: it is neither in its field list nor in the sample records. Did you mean “email”?',
      },
      {
        field: 'mapping.1.template',
        message:
          '“lastnmae” is not a field of HubSpot contacts: it is neither in its field list nor in the sample records. Did you mean “lastname”?',
      },
      {
        field: 'mapping.2.target',
        message: 'Stripe customers has no field favourite_colour, so every record would be refused.',
      },
    ]);
  });

  it('names the field at fault: an unknown app, an entity the source cannot list, a sample size out of range', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    const refusal = async (input: unknown) => {
      const result = await h.core.invoke('flows.preview', input);
      if (result.ok) throw new Error('The preview should have been refused.');
      return result.error;
    };

    expect(await refusal({ flow: draft(h, { sourceAppId: 'no-such-app' }) })).toMatchObject({
      field: 'flow.sourceAppId',
      message: 'The source app is not in the inventory.',
    });
    expect(await refusal({ flow: draft(h, { sourceEntity: 'Invoices' }) })).toMatchObject({
      field: 'flow.sourceEntity',
      message: 'Patchbay cannot read Invoices from HubSpot.',
    });
    expect(await refusal({ flow: draft(h), sampleSize: 21 })).toMatchObject({
      field: 'sampleSize',
      kind: 'invalid_input',
    });
    expect(await refusal({ flow: draft(h, { matchKey: 'phone' }) })).toMatchObject({
      field: 'flow.matchKey',
    });
  });

  it('answers an app that refuses the credential in words, not as an internal error', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    await h.call('secrets.set', { appId: h.apps.hubspot.id, value: 'pat-na1-wrong' });
    const result = await h.core.invoke('flows.preview', { flow: draft(h) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(JSON.stringify(result)).not.toContain('pat-na1-wrong');
  });
});
