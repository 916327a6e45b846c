import { ownValue, setOwn } from '../../contract/safe-path.ts';

// `{{path}}` templates in manifests. A string that is exactly one placeholder keeps
// the value's type (an object stays an object); placeholders inside longer strings
// are stringified. Keys whose value resolves to undefined are dropped, so optional
// parameters (a first page has no cursor) vanish instead of being sent as "undefined".
// Paths read only an object's own fields, and rendered objects get own fields only, so
// a placeholder never reaches what every object inherits (issue 16).

const placeholder = /\{\{\s*([A-Za-z0-9_.$-]+)\s*\}\}/g;
const whole = /^\{\{\s*([A-Za-z0-9_.$-]+)\s*\}\}$/;

export type TemplateContext = Record<string, unknown>;

export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  return readKeys(value, keysOf(path));
}

function readKeys(value: unknown, keys: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of keys) current = ownValue(current, key);
  return current;
}

/**
 * A template string taken apart once: literal text and the placeholders' paths, already
 * split. A run renders the same few manifest strings for every record (issue 17), so
 * they are parsed the first time and kept; manifests hold a few hundred at most.
 */
interface ParsedTemplate {
  /** The path, when the string is exactly one placeholder (its value keeps its type). */
  readonly whole: readonly string[] | undefined;
  readonly parts: readonly (string | readonly string[])[];
}

const parsedTemplates = new Map<string, ParsedTemplate>();
const keptTemplates = 10_000;
const splitPaths = new Map<string, readonly string[]>();

function keysOf(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (!keys) {
    if (splitPaths.size >= keptTemplates) splitPaths.clear();
    keys = path.split('.');
    splitPaths.set(path, keys);
  }
  return keys;
}

function parse(template: string): ParsedTemplate {
  let parsed = parsedTemplates.get(template);
  if (parsed) return parsed;
  const parts: (string | readonly string[])[] = [];
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    parts.push(template.slice(last, match.index), keysOf(match[1]!));
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  const single = whole.exec(template);
  parsed = { whole: single ? keysOf(single[1]!) : undefined, parts };
  // A bound, should something render strings that are not a manifest's.
  if (parsedTemplates.size >= keptTemplates) parsedTemplates.clear();
  parsedTemplates.set(template, parsed);
  return parsed;
}

export function render(template: unknown, context: TemplateContext): unknown {
  if (typeof template === 'string') {
    const { whole } = parse(template);
    if (whole) return readKeys(context, whole);
    return fill(template, context, String);
  }
  if (Array.isArray(template))
    return template.map((item) => render(item, context)).filter((v) => v !== undefined);
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const rendered = render(value, context);
      if (rendered !== undefined) setOwn(out, key, rendered);
    }
    return out;
  }
  return template;
}

/** Renders a string map (query parameters, headers), dropping entries that resolve to nothing. */
export function renderStrings(
  templates: Record<string, string>,
  context: TemplateContext,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(templates)) {
    const value = render(template, context);
    if (value === undefined || value === null || value === '') continue;
    setOwn(out, key, typeof value === 'string' ? value : String(value));
  }
  return out;
}

/**
 * Renders a URL path: each value is percent-encoded, so an id or an email holding
 * "/", "?" or "#" stays one path segment instead of changing the address.
 */
export function renderPath(template: string, context: TemplateContext): string {
  return fill(template, context, (value) => encodeURIComponent(String(value)));
}

function fill(template: string, context: TemplateContext, write: (value: unknown) => string): string {
  let out = '';
  for (const part of parse(template).parts) {
    if (typeof part === 'string') out += part;
    else {
      const value = readKeys(context, part);
      if (value !== undefined && value !== null) out += write(value);
    }
  }
  return out;
}
