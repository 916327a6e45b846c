import { joinKey, keyFieldsOf } from '../contract/composite-key.ts';
import type { FieldMapping, Transform } from '../contract/flows.ts';
import { ownValue, pathProblem } from '../contract/safe-path.ts';

export type MappingResult =
  { ok: true; record: Record<string, unknown> } | { ok: false; field: string; message: string };

/**
 * Applies a flow's field mapping to one source record. Pure; never throws. Reads only
 * the source's own fields, and refuses a target that would write onto a prototype even
 * when handed a mapping the flow schema has not checked (issue 16).
 */
export function mapRecord(
  mapping: readonly FieldMapping[],
  source: Readonly<Record<string, unknown>>,
): MappingResult {
  const record: Record<string, unknown> = {};
  const targets = targetsOf(mapping);
  for (const [i, field] of mapping.entries()) {
    const target = targets[i]!;
    if (target.unsafe)
      return { ok: false, field: field.target, message: `${field.target}: ${target.unsafe}` };
    let value: unknown;
    if (field.source !== undefined) value = ownValue(source, field.source);
    else if (field.constant !== undefined) value = field.constant;
    else value = fillTemplate(field.template ?? '', source);

    for (const transform of field.transforms) {
      if (isEmpty(value)) break;
      const applied = applyTransform(transform, value);
      if (!applied.ok)
        return { ok: false, field: field.target, message: `${field.target}: ${applied.message}` };
      value = applied.value;
    }
    if (isEmpty(value)) {
      if (field.required) {
        const from = field.source ? ` (from ${field.source})` : '';
        return {
          ok: false,
          field: field.target,
          message: `${field.target}${from} is empty, and the flow needs it.`,
        };
      }
      continue;
    }
    setPath(record, target.parts, value);
  }
  return { ok: true, record };
}

/**
 * Each target path checked and split once per mapping, not once per record: a run maps
 * every record with the same mapping (issue 17). Kept while the mapping is.
 */
const checkedTargets = new WeakMap<readonly FieldMapping[], { unsafe?: string; parts: string[] }[]>();

function targetsOf(mapping: readonly FieldMapping[]) {
  let targets = checkedTargets.get(mapping);
  if (!targets) {
    targets = mapping.map((field) => {
      const unsafe = pathProblem(field.target);
      return { ...(unsafe ? { unsafe } : {}), parts: field.target.split('.') };
    });
    checkedTargets.set(mapping, targets);
  }
  return targets;
}

/**
 * A dotted target (`metadata.hubspot_id`) writes a nested field, as Stripe's metadata
 * needs. `mapRecord` has refused prototype names in the path already.
 */
function setPath(record: Record<string, unknown>, parts: readonly string[], value: unknown): void {
  let into = record;
  for (const [i, part] of parts.slice(0, -1).entries()) {
    const inner = ownValue(into, part);
    // A numeric segment next makes a list (`LineItems.0.Description`: Xero's invoice lines).
    if (typeof inner !== 'object' || inner === null) into[part] = /^\d+$/.test(parts[i + 1]!) ? [] : {};
    into = into[part] as Record<string, unknown>;
  }
  into[parts.at(-1)!] = value;
}

/** Reads a field written by `setPath`, through own fields only. */
export function readPath(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) value = ownValue(value, part);
  return value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function fillTemplate(template: string, source: Readonly<Record<string, unknown>>): string {
  return template
    .replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, name: string) => {
      const v = ownValue(source, name);
      return v === undefined || v === null ? '' : String(v);
    })
    .replace(/\s+/g, ' ')
    .trim();
}

type Applied = { ok: true; value: unknown } | { ok: false; message: string };

function applyTransform(transform: Transform, value: unknown): Applied {
  switch (transform.type) {
    case 'trim':
      return { ok: true, value: typeof value === 'string' ? value.trim() : value };
    case 'case': {
      const text = String(value);
      if (transform.to === 'lower') return { ok: true, value: text.toLowerCase() };
      if (transform.to === 'upper') return { ok: true, value: text.toUpperCase() };
      return {
        ok: true,
        value: text
          .toLowerCase()
          .replace(/(^|[\s'-])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase()),
      };
    }
    case 'date': {
      const date = readDate(value);
      if (!date) return { ok: false, message: `"${String(value)}" is not a date Patchbay can read.` };
      const out =
        transform.to === 'iso8601'
          ? date.toISOString()
          : transform.to === 'date'
            ? date.toISOString().slice(0, 10)
            : transform.to === 'unix_seconds'
              ? Math.floor(date.getTime() / 1000)
              : date.getTime();
      return { ok: true, value: out };
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(/[,\s]/g, ''));
      if (!Number.isFinite(n)) return { ok: false, message: `"${String(value)}" is not a number.` };
      return {
        ok: true,
        value: transform.decimals === undefined ? n : Number(n.toFixed(transform.decimals)),
      };
    }
    case 'lookup': {
      const hit = ownValue(transform.table, String(value));
      if (hit !== undefined) return { ok: true, value: hit };
      if (transform.fallback !== undefined) return { ok: true, value: transform.fallback };
      return { ok: false, message: `"${String(value)}" is not in the lookup table.` };
    }
  }
}

function readDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  const text = String(value).trim();
  let date: Date;
  if (/^\d{9,10}$/.test(text)) date = new Date(Number(text) * 1000);
  else if (/^\d{12,13}$/.test(text)) date = new Date(Number(text));
  else date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

type KeyedFlow = { readonly matchKey: string; readonly mapping: readonly { readonly target: string }[] };

/** The match key's fields per flow, found once: a page asks for every record's key. */
const keyFields = new WeakMap<KeyedFlow, readonly string[]>();

/** A mapped record's match key: one field's value, or several fields' joined (`order_no + line_no`). */
export function matchKeyOf(record: Record<string, unknown>, flow: KeyedFlow): string {
  let fields = keyFields.get(flow);
  if (!fields) {
    fields = keyFieldsOf(
      flow.matchKey,
      flow.mapping.map((m) => m.target),
    );
    keyFields.set(flow, fields);
  }
  if (fields.length === 1) return joinKey([readPath(record, fields[0]!)]);
  return joinKey(fields.map((field) => readPath(record, field)));
}
