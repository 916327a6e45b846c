import { describe, expect, it } from 'vitest';
import { flowInputSchema, type Flow } from '../../../../core/contract/flows.ts';
import {
  effectiveMatchKey,
  joinedMatchKey,
  newMappingRow,
  toDraft,
  toFlowInput,
  type DraftMapping,
  type FlowDraft,
} from './flow-draft.ts';

const savedFlow = (patch: Partial<Flow> = {}): Flow => ({
  id: 'flow-1',
  name: 'HubSpot contacts to Stripe customers',
  sourceAppId: 'app-hubspot',
  sourceEntity: 'contacts',
  targetAppId: 'app-stripe',
  targetEntity: 'customers',
  mapping: [
    { target: 'email', source: 'email', transforms: [{ type: 'case', to: 'lower' }], required: true },
    { target: 'description', constant: 'Added by Patchbay', transforms: [], required: false },
    {
      target: 'name',
      template: '{{firstname}} {{lastname}}',
      transforms: [{ type: 'trim' }],
      required: false,
    },
    {
      target: 'tier',
      source: 'plan',
      transforms: [{ type: 'lookup', table: { gold: 'VIP', silver: 'Regular' }, fallback: 'Standard' }],
      required: false,
    },
  ],
  matchKey: 'email',
  writeMode: 'create_only',
  schedule: 'weekdays at 07:30',
  catchUp: 'skip',
  enabled: false,
  pausedReason: null,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  ...patch,
});

const row = (patch: Partial<DraftMapping>): DraftMapping => ({ ...newMappingRow(), ...patch });
const withTargets = (matchKey: string, ...targets: string[]): FlowDraft => ({
  ...toDraft(undefined),
  matchKey,
  mapping: targets.map((target) => row({ target, value: target })),
});

describe('a saved flow in the editor', () => {
  it('saves back exactly as it was when nothing is changed', () => {
    const flow = savedFlow();
    // Everything but what the core keeps about the flow (id, dates, why it is paused).
    const { id: _id, pausedReason: _reason, createdAt: _created, updatedAt: _updated, ...input } = flow;
    expect(toFlowInput(toDraft(flow))).toEqual(input);
  });

  it('shows each mapped value under the kind it is filled from, and a lookup table as lines of text', () => {
    const [email, description, name, tier] = toDraft(savedFlow()).mapping;
    expect([email!.kind, email!.value]).toEqual(['source', 'email']);
    expect([description!.kind, description!.value]).toEqual(['constant', 'Added by Patchbay']);
    expect([name!.kind, name!.value]).toEqual(['template', '{{firstname}} {{lastname}}']);
    expect(tier!.transforms).toEqual([
      { type: 'lookup', tableText: 'gold = VIP\nsilver = Regular', fallback: 'Standard', useFallback: true },
    ]);
  });

  it('gives every mapping row its own key, so reordering keeps focus on the right row', () => {
    const keys = toDraft(savedFlow()).mapping.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps a paused flow paused when saved', () => {
    expect(toFlowInput(toDraft(savedFlow({ enabled: false }))).enabled).toBe(false);
  });
});

describe('schedules', () => {
  const presetOf = (schedule: string | null) => {
    const draft = toDraft(savedFlow({ schedule }));
    return [draft.schedulePreset, draft.scheduleTime, draft.customSchedule];
  };

  it('recognises the schedules the form offers, in the words the core also accepts', () => {
    expect(presetOf(null)).toEqual(['manual', '08:00', '']);
    expect(presetOf('every 15 minutes')).toEqual(['every15', '08:00', '']);
    expect(presetOf('Every hour')).toEqual(['hourly', '08:00', '']);
    expect(presetOf('every day at 7:05')).toEqual(['daily', '07:05', '']);
    expect(presetOf('daily at 18:30')).toEqual(['daily', '18:30', '']);
    expect(presetOf('every weekday at 9:00')).toEqual(['weekdays', '09:00', '']);
  });

  it('keeps anything else as a custom cron expression, unchanged', () => {
    expect(presetOf('0 8 * * 1-5')).toEqual(['custom', '08:00', '0 8 * * 1-5']);
    expect(toFlowInput(toDraft(savedFlow({ schedule: '0 8 * * 1-5' }))).schedule).toBe('0 8 * * 1-5');
  });

  it('writes the chosen preset as the schedule text', () => {
    const draft = toDraft(savedFlow());
    const scheduleFor = (patch: Partial<FlowDraft>) => toFlowInput({ ...draft, ...patch }).schedule;
    expect(scheduleFor({ schedulePreset: 'manual' })).toBeNull();
    expect(scheduleFor({ schedulePreset: 'every15' })).toBe('every 15 minutes');
    expect(scheduleFor({ schedulePreset: 'hourly' })).toBe('hourly');
    expect(scheduleFor({ schedulePreset: 'daily', scheduleTime: '06:45' })).toBe('daily at 06:45');
    expect(scheduleFor({ schedulePreset: 'weekdays', scheduleTime: '17:00' })).toBe('weekdays at 17:00');
  });
});

describe('a new flow', () => {
  it('starts with one empty field, every 15 minutes, creating and updating, catching up once', () => {
    const draft = toDraft(undefined);
    expect(draft.mapping).toHaveLength(1);
    expect(draft.mapping[0]).toMatchObject({ target: '', kind: 'source', value: '', transforms: [] });
    const input = toFlowInput(draft);
    expect(input).toMatchObject({
      schedule: 'every 15 minutes',
      writeMode: 'upsert',
      catchUp: 'once',
      enabled: true,
    });
  });

  it('becomes a flow the contract accepts once its apps, records and a field are chosen', () => {
    const draft: FlowDraft = {
      ...toDraft(undefined),
      name: 'Contacts to customers',
      sourceAppId: 'app-hubspot',
      sourceEntity: 'contacts',
      targetAppId: 'app-stripe',
      targetEntity: 'customers',
      mapping: [row({ target: 'email', kind: 'source', value: 'email' })],
    };
    expect(flowInputSchema.safeParse(toFlowInput(draft)).success).toBe(true);
    expect(flowInputSchema.safeParse(toFlowInput(toDraft(undefined))).success).toBe(false);
  });
});

describe('lookup tables typed as text', () => {
  const lookupOf = (tableText: string, useFallback: boolean, fallback = '') =>
    toFlowInput({
      ...toDraft(undefined),
      mapping: [row({ target: 'tier', transforms: [{ type: 'lookup', tableText, fallback, useFallback }] })],
    }).mapping[0]!.transforms![0];

  it('reads one "value = replacement" a line, trimmed, and skips lines without a value', () => {
    expect(lookupOf(' gold = VIP \nsilver=Regular\n\nno equals sign\n = orphan\nurl = a=b', false)).toEqual({
      type: 'lookup',
      table: { gold: 'VIP', silver: 'Regular', url: 'a=b' },
    });
  });

  it('writes a default only when asked to, even an empty one', () => {
    expect(lookupOf('gold = VIP', false, 'Standard')).not.toHaveProperty('fallback');
    expect(lookupOf('gold = VIP', true, '')).toEqual({
      type: 'lookup',
      table: { gold: 'VIP' },
      fallback: '',
    });
  });
});

describe('the match key', () => {
  it('stays as chosen while that field is still mapped', () => {
    expect(effectiveMatchKey(withTargets('id', 'email', 'id'))).toBe('id');
  });

  it('falls back to email when the chosen field is no longer mapped, else to the first field', () => {
    expect(effectiveMatchKey(withTargets('id', 'name', 'email'))).toBe('email');
    expect(effectiveMatchKey(withTargets('id', ' name ', 'phone'))).toBe('name');
    expect(effectiveMatchKey(withTargets('', '', '  '))).toBe('');
  });

  it('may be two fields together, kept while both are mapped', () => {
    expect(effectiveMatchKey(withTargets('order_no + line_no', 'order_no', 'line_no', 'qty'))).toBe(
      'order_no + line_no',
    );
    expect(effectiveMatchKey(withTargets('order_no + line_no', 'order_no', 'qty'))).toBe('order_no');
    expect(joinedMatchKey('order_no', 'line_no')).toBe('order_no + line_no');
    expect(joinedMatchKey('order_no', '')).toBe('order_no');
    expect(joinedMatchKey('order_no', 'order_no')).toBe('order_no');
  });

  it('is what the flow is saved with', () => {
    expect(toFlowInput(withTargets('id', 'name', 'email')).matchKey).toBe('email');
  });
});
