import type { FieldIssue } from '../contract/errors.ts';
import type { EditField } from '../contract/failure-actions.ts';
import type { FieldMapping } from '../contract/flows.ts';
import { ownValue } from '../contract/safe-path.ts';
import { clipped, proseText, quoted } from '../contract/text-rules.ts';
import { mapRecord, readPath } from '../engine/map-record.ts';

// "Edit and retry" (issue 14, item 13): the values a failed record would be written
// with, offered for correction, and the corrected values checked as the target would
// check them before anything is sent. Pure: the service wires it to storage and the run.

export type EditedValue = string | number | boolean | null;

export interface EditTarget {
  /** The flow's mapping, in order: each target field is one field of the form. */
  mapping: readonly FieldMapping[];
  /** The target field that identifies the record (email): it cannot be emptied. */
  matchKey: string;
  /** The fields the target's connector lists; empty when it lists none (then any name goes). */
  knownFields: readonly string[];
  /** "Stripe", "customers": for messages. */
  targetAppName: string;
  targetEntity: string;
}

/** The form's fields: what the mapping makes of `payload` now, or an earlier edit's value. */
export function editFields(
  target: EditTarget,
  payload: Readonly<Record<string, unknown>>,
  earlierEdit: Readonly<Record<string, EditedValue>> = {},
): EditField[] {
  const known = new Set(target.knownFields.map((f) => f.toLowerCase()));
  return target.mapping.map((field) => {
    const mapped = mapRecord([field], payload);
    const edited = ownValue(earlierEdit, field.target) as EditedValue | undefined;
    let value: EditedValue;
    let problem: string | null = null;
    if (edited !== undefined) value = edited;
    else if (mapped.ok) value = scalar(readPath(mapped.record, field.target));
    else {
      // The source's own value, to correct by hand, next to why the mapping refused it.
      value = field.source === undefined ? null : scalar(ownValue(payload, field.source));
      problem = mapped.message;
    }
    return {
      name: field.target,
      value,
      kind: kindOf(field, value),
      required: field.required || field.target === target.matchKey,
      // A nested field (metadata.hubspot_id) is known when its object is (Stripe's metadata takes any key).
      known:
        known.size === 0
          ? null
          : known.has(field.target.toLowerCase()) || known.has(field.target.split('.')[0]!.toLowerCase()),
      problem,
    };
  });
}

/**
 * The record to write from the corrected values, or every problem with the field it is
 * about. A value left out keeps the form's value; null or "" leaves the field out of
 * the write. The checks are the target's: only fields it has, a value where the flow
 * needs one, numbers where it takes numbers, text without control characters.
 */
export function checkEdit(
  target: EditTarget,
  fields: readonly EditField[],
  values: Readonly<Record<string, EditedValue>>,
): { record: Record<string, unknown>; changed: Record<string, EditedValue> } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const name of Object.keys(values))
    if (!byName.has(name))
      issues.push({
        field: `values.${name}`,
        message: `${quoted(name)} is not a field this flow writes to ${target.targetAppName}.`,
      });
  const constants: FieldMapping[] = [];
  const changed: Record<string, EditedValue> = {};
  for (const field of fields) {
    const given = Object.hasOwn(values, field.name) ? values[field.name]! : field.value;
    const checked = checkValue(target, field, given);
    if ('message' in checked) {
      issues.push({ field: `values.${field.name}`, message: checked.message });
      continue;
    }
    if (checked.value !== field.value) changed[field.name] = checked.value;
    if (checked.value !== null)
      constants.push({ target: field.name, constant: checked.value, transforms: [], required: false });
  }
  if (issues.length > 0) return { issues };
  const mapped = mapRecord(constants, {});
  if (!mapped.ok) return { issues: [{ field: `values.${mapped.field}`, message: mapped.message }] };
  return { record: mapped.record, changed };
}

function checkValue(
  target: EditTarget,
  field: EditField,
  given: EditedValue,
): { value: EditedValue } | { message: string } {
  const value = typeof given === 'string' ? given.trim() : given;
  if (value === null || value === '') {
    if (field.required)
      return {
        message:
          field.name === target.matchKey
            ? `${clipped(field.name)} needs a value: it is how ${target.targetAppName} finds the record.`
            : `${clipped(field.name)} needs a value: the flow requires it.`,
      };
    return { value: null };
  }
  if (field.known === false)
    return {
      message: `${target.targetAppName} has no field ${quoted(field.name)} in ${target.targetEntity}. Empty it to leave it out, or change the flow's mapping.`,
    };
  if (field.kind === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).replace(/[,\s]/g, ''));
    return Number.isFinite(n) ? { value: n } : { message: `${clipped(field.name)} must be a number.` };
  }
  if (field.kind === 'yes/no') {
    if (typeof value === 'boolean') return { value };
    const text = String(value).toLowerCase();
    if (['yes', 'true'].includes(text)) return { value: true };
    if (['no', 'false'].includes(text)) return { value: false };
    return { message: `${clipped(field.name)} must be yes or no.` };
  }
  const text = proseText(clipped(field.name), 10_000).safeParse(String(value));
  return text.success ? { value: text.data } : { message: text.error.issues[0]!.message };
}

function scalar(value: unknown): EditedValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** A number where the mapping makes one (a number or unix-time transform, a numeric constant). */
function kindOf(field: FieldMapping, value: EditedValue): EditField['kind'] {
  const last = field.transforms.at(-1);
  if (last?.type === 'number') return 'number';
  if (last?.type === 'date' && (last.to === 'unix_seconds' || last.to === 'unix_ms')) return 'number';
  const sample = field.constant ?? value;
  if (typeof sample === 'number') return 'number';
  if (typeof sample === 'boolean') return 'yes/no';
  return 'text';
}
