import { keyFieldJoiner, keyFieldsOf } from '../../../../core/contract/composite-key.ts';
import type { FieldMapping, Flow, FlowInput, Transform } from '../../../../core/contract/flows.ts';

/** Where a mapped value comes from. */
export type ValueKind = 'source' | 'constant' | 'template';

/** A transform as the form edits it: a lookup table is text ("Gold = VIP", one a line) until saved. */
export type DraftTransform =
  | Exclude<Transform, { type: 'lookup' }>
  | { type: 'lookup'; tableText: string; fallback: string; useFallback: boolean };

export interface DraftMapping {
  /** Stable across reordering, so focus and React state follow the row. */
  key: number;
  target: string;
  kind: ValueKind;
  value: string;
  transforms: DraftTransform[];
  required: boolean;
}

export const schedulePresets = ['manual', 'every15', 'hourly', 'daily', 'weekdays', 'custom'] as const;
export type SchedulePreset = (typeof schedulePresets)[number];

export interface FlowDraft {
  name: string;
  sourceAppId: string;
  sourceEntity: string;
  targetAppId: string;
  targetEntity: string;
  mapping: DraftMapping[];
  matchKey: string;
  writeMode: 'create_only' | 'upsert';
  /** What happens to the target's copy when the source deletes a record. */
  deletedAtSource: 'leave' | 'remove';
  schedulePreset: SchedulePreset;
  /** "HH:MM" for daily and weekdays. */
  scheduleTime: string;
  customSchedule: string;
  catchUp: 'once' | 'every' | 'skip';
  enabled: boolean;
}

let nextKey = 1;
export const newMappingRow = (): DraftMapping => ({
  key: nextKey++,
  target: '',
  kind: 'source',
  value: '',
  transforms: [],
  required: false,
});

export function toDraft(flow: Flow | undefined): FlowDraft {
  return {
    name: flow?.name ?? '',
    sourceAppId: flow?.sourceAppId ?? '',
    sourceEntity: flow?.sourceEntity ?? '',
    targetAppId: flow?.targetAppId ?? '',
    targetEntity: flow?.targetEntity ?? '',
    mapping: flow ? flow.mapping.map(toDraftMapping) : [newMappingRow()],
    matchKey: flow?.matchKey ?? '',
    writeMode: flow?.writeMode ?? 'upsert',
    deletedAtSource: flow?.deletedAtSource ?? 'leave',
    ...scheduleToDraft(flow ? flow.schedule : 'every 15 minutes'),
    catchUp: flow?.catchUp ?? 'once',
    // Kept as it is: pausing is done from the list, and saving must not resume a flow.
    enabled: flow?.enabled ?? true,
  };
}

function toDraftMapping(m: FieldMapping): DraftMapping {
  const [kind, value]: [ValueKind, string] =
    m.source !== undefined
      ? ['source', m.source]
      : m.constant !== undefined
        ? ['constant', String(m.constant)]
        : ['template', m.template ?? ''];
  return {
    key: nextKey++,
    target: m.target,
    kind,
    value,
    required: m.required,
    transforms: m.transforms.map((t) =>
      t.type === 'lookup'
        ? {
            type: 'lookup',
            tableText: Object.entries(t.table)
              .map(([from, to]) => `${from} = ${to}`)
              .join('\n'),
            fallback: t.fallback ?? '',
            useFallback: t.fallback !== undefined,
          }
        : t,
    ),
  };
}

const timed = /^(daily|every day|weekdays|every weekday) at (\d{1,2}:\d{2})$/i;

function scheduleToDraft(
  schedule: string | null,
): Pick<FlowDraft, 'schedulePreset' | 'scheduleTime' | 'customSchedule'> {
  const base = { scheduleTime: '08:00', customSchedule: '' };
  if (!schedule) return { ...base, schedulePreset: 'manual' };
  const text = schedule.trim().toLowerCase();
  if (text === 'every 15 minutes') return { ...base, schedulePreset: 'every15' };
  if (text === 'hourly' || text === 'every hour') return { ...base, schedulePreset: 'hourly' };
  const match = timed.exec(text);
  if (match) {
    const preset = match[1] === 'daily' || match[1] === 'every day' ? 'daily' : 'weekdays';
    return { ...base, schedulePreset: preset, scheduleTime: match[2]!.padStart(5, '0') };
  }
  return { ...base, schedulePreset: 'custom', customSchedule: schedule };
}

export function scheduleText(draft: FlowDraft): string | null {
  switch (draft.schedulePreset) {
    case 'manual':
      return null;
    case 'every15':
      return 'every 15 minutes';
    case 'hourly':
      return 'hourly';
    case 'daily':
      return `daily at ${draft.scheduleTime}`;
    case 'weekdays':
      return `weekdays at ${draft.scheduleTime}`;
    case 'custom':
      return draft.customSchedule;
  }
}

/** The draft as the API's flow input; the contract's schema (here and in the core) judges it. */
export function toFlowInput(draft: FlowDraft): FlowInput {
  return {
    name: draft.name,
    sourceAppId: draft.sourceAppId,
    sourceEntity: draft.sourceEntity,
    targetAppId: draft.targetAppId,
    targetEntity: draft.targetEntity,
    mapping: draft.mapping.map(toFieldMapping),
    matchKey: effectiveMatchKey(draft),
    writeMode: draft.writeMode,
    // Left out when it is the default, as a saved flow leaves it out.
    ...(draft.deletedAtSource === 'remove' ? { deletedAtSource: 'remove' as const } : {}),
    schedule: scheduleText(draft),
    catchUp: draft.catchUp,
    enabled: draft.enabled,
  };
}

function toFieldMapping(row: DraftMapping): FlowInput['mapping'][number] {
  const from =
    row.kind === 'source'
      ? { source: row.value }
      : row.kind === 'constant'
        ? { constant: row.value }
        : { template: row.value };
  return { target: row.target, ...from, transforms: row.transforms.map(toTransform), required: row.required };
}

function toTransform(t: DraftTransform): Transform {
  if (t.type !== 'lookup') return t;
  const table: Record<string, string> = {};
  for (const line of t.tableText.split('\n')) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    const from = line.slice(0, at).trim();
    if (from) table[from] = line.slice(at + 1).trim();
  }
  return { type: 'lookup', table, ...(t.useFallback ? { fallback: t.fallback } : {}) };
}

/** A match key of one field, or of two whose values tell records apart together. */
export const joinedMatchKey = (first: string, second: string) =>
  second && second !== first ? `${first}${keyFieldJoiner}${second}` : first;

/** The target fields named so far, in order: the choices for the match key. */
export const mappedTargets = (draft: FlowDraft) => [
  ...new Set(draft.mapping.map((m) => m.target.trim()).filter(Boolean)),
];

/**
 * The chosen match key while its field (or each of its fields, `order_no + line_no`) is
 * still mapped; else email when mapped, else the first field.
 */
export function effectiveMatchKey(draft: FlowDraft): string {
  const targets = mappedTargets(draft);
  if (draft.matchKey && keyFieldsOf(draft.matchKey, targets).every((f) => targets.includes(f)))
    return draft.matchKey;
  return targets.includes('email') ? 'email' : (targets[0] ?? '');
}
