import { ownValue, setOwn } from '../../contract/safe-path.ts';

// `{{path}}` templates in manifests. A string that is exactly one placeholder keeps
// the value's type (an object stays an object); placeholders inside longer strings
// are stringified. Keys whose value resolves to undefined are dropped, so optional
// parameters (a first page has no cursor) vanish instead of being sent as "undefined".
// Paths read only an object's own fields, and rendered objects get own fields only, so
// a placeholder never reaches what every object inherits (issue 16).

const placeholder = /\{\{\s*([A-Za-z0-9_.$-]+)((?:\|[a-z0-9]+)*)\s*\}\}/g;
const whole = /^\{\{\s*([A-Za-z0-9_.$-]+)((?:\|[a-z0-9]+)*)\s*\}\}$/;

export type TemplateContext = Record<string, unknown>;

/** The key whose object value is spread into the object around it. */
export const spreadKey = '...';

/**
 * What a template's functions need from the host: a hash (this room of core/ has no
 * node:crypto). `{{key|trim|lower|md5}}` is Mailchimp's member id.
 */
export interface TemplateFunctions {
  readonly digest?: (algorithm: 'md5' | 'sha256', text: string) => string;
}

/** The value with the placeholder's functions applied; undefined stays undefined. */
function applyFunctions(value: unknown, pipes: string | undefined, functions: TemplateFunctions): unknown {
  if (!pipes || value === undefined || value === null) return value;
  let text = String(value);
  for (const name of pipes.split('|').slice(1)) {
    if (name === 'lower') text = text.toLowerCase();
    else if (name === 'upper') text = text.toUpperCase();
    else if (name === 'trim') text = text.trim();
    else if (name === 'formula') text = formulaString(text);
    else if (name === 'sheetname') text = sheetName(text);
    // A value inside a quoted string of a query language (QuickBooks: `DisplayName = 'Amy\'s'`).
    else if (name === 'escquote') text = text.replace(/[\\']/g, (c) => `\\${c}`);
    else if (name === 'md5' || name === 'sha256') {
      if (!functions.digest) throw new Error(`A template asks for ${name}, but no hash function was given.`);
      text = functions.digest(name, text);
    } else throw new Error(`A template asks for the unknown function "${name}".`);
  }
  return text;
}

/**
 * The text as it must sit between quotes inside a formula (Airtable's `filterByFormula`:
 * `{Email}='{{key|formula}}'`): backslash, both quotes and line breaks escaped with a
 * backslash, so a value holding `'` ends no string and adds no formula of its own.
 * https://support.airtable.com/docs/formula-field-reference (string literals, `\\` escapes).
 */
export function formulaString(text: string): string {
  return text.replace(/[\\'"\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

/** A sheet title as A1 notation wants it (Google Sheets): in single quotes, a quote inside doubled. */
export const sheetName = (title: string) => `'${title.replace(/'/g, "''")}'`;

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
 * A template string taken apart once: literal text and the placeholders' paths (already
 * split) with their functions. A run renders the same few manifest strings for every
 * record (issue 17), so they are parsed the first time and kept; manifests hold a few
 * hundred at most.
 */
interface Placeholder {
  readonly keys: readonly string[];
  /** `|trim|lower|md5`, or undefined. */
  readonly pipes: string | undefined;
}
interface ParsedTemplate {
  /** The placeholder, when the string is exactly one (its value keeps its type). */
  readonly whole: Placeholder | undefined;
  readonly parts: readonly (string | Placeholder)[];
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
  const parts: (string | Placeholder)[] = [];
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    parts.push(template.slice(last, match.index), { keys: keysOf(match[1]!), pipes: match[2] || undefined });
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  const single = whole.exec(template);
  parsed = {
    whole: single ? { keys: keysOf(single[1]!), pipes: single[2] || undefined } : undefined,
    parts,
  };
  // A bound, should something render strings that are not a manifest's.
  if (parsedTemplates.size >= keptTemplates) parsedTemplates.clear();
  parsedTemplates.set(template, parsed);
  return parsed;
}

export function render(
  template: unknown,
  context: TemplateContext,
  functions: TemplateFunctions = {},
): unknown {
  if (typeof template === 'string') {
    const single = parse(template).whole;
    if (single) return applyFunctions(readKeys(context, single.keys), single.pipes, functions);
    return fill(template, context, String, functions);
  }
  if (Array.isArray(template))
    return template.map((item) => render(item, context, functions)).filter((v) => v !== undefined);
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const rendered = render(value, context, functions);
      if (rendered === undefined) continue;
      // `"...": "{{record}}"` spreads an object's fields here; the keys written after it win
      // (QuickBooks: the mapped record plus `Id`, `SyncToken` and `sparse`).
      if (
        key === spreadKey &&
        rendered !== null &&
        typeof rendered === 'object' &&
        !Array.isArray(rendered)
      ) {
        for (const [inner, innerValue] of Object.entries(rendered)) setOwn(out, inner, innerValue);
      } else setOwn(out, key, rendered);
    }
    return out;
  }
  return template;
}

/** Renders a string map (query parameters, headers), dropping entries that resolve to nothing. */
export function renderStrings(
  templates: Record<string, string>,
  context: TemplateContext,
  functions: TemplateFunctions = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(templates)) {
    const value = render(template, context, functions);
    if (value === undefined || value === null || value === '') continue;
    setOwn(out, key, typeof value === 'string' ? value : String(value));
  }
  return out;
}

/**
 * Renders a URL path: each value is percent-encoded, so an id or an email holding
 * "/", "?" or "#" stays one path segment instead of changing the address.
 */
export function renderPath(
  template: string,
  context: TemplateContext,
  functions: TemplateFunctions = {},
): string {
  return fill(template, context, (value) => encodeURIComponent(String(value)), functions);
}

function fill(
  template: string,
  context: TemplateContext,
  write: (value: unknown) => string,
  functions: TemplateFunctions,
): string {
  let out = '';
  for (const part of parse(template).parts) {
    if (typeof part === 'string') out += part;
    else {
      const value = applyFunctions(readKeys(context, part.keys), part.pipes, functions);
      if (value !== undefined && value !== null) out += write(value);
    }
  }
  return out;
}
