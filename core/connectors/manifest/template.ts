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
    else if (name === 'md5' || name === 'sha256') {
      if (!functions.digest) throw new Error(`A template asks for ${name}, but no hash function was given.`);
      text = functions.digest(name, text);
    } else throw new Error(`A template asks for the unknown function "${name}".`);
  }
  return text;
}

export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const key of path.split('.')) current = ownValue(current, key);
  return current;
}

export function render(
  template: unknown,
  context: TemplateContext,
  functions: TemplateFunctions = {},
): unknown {
  if (typeof template === 'string') {
    const single = whole.exec(template);
    if (single) return applyFunctions(getPath(context, single[1]!), single[2], functions);
    return fill(template, context, String, functions);
  }
  if (Array.isArray(template))
    return template.map((item) => render(item, context, functions)).filter((v) => v !== undefined);
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const rendered = render(value, context, functions);
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
  return template.replace(placeholder, (_, p: string, pipes: string | undefined) => {
    const value = applyFunctions(getPath(context, p), pipes, functions);
    return value === undefined || value === null ? '' : write(value);
  });
}
