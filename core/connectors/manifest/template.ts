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
  let current: unknown = value;
  for (const key of path.split('.')) current = ownValue(current, key);
  return current;
}

export function render(template: unknown, context: TemplateContext): unknown {
  if (typeof template === 'string') {
    const single = whole.exec(template);
    if (single) return getPath(context, single[1]!);
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
  return template.replace(placeholder, (_, p: string) => {
    const value = getPath(context, p);
    return value === undefined || value === null ? '' : write(value);
  });
}
