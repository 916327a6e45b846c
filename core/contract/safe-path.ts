// Field paths and names arrive from workspace files, the API and connector manifests.
// Read or written with a plain `object[name]`, the names `__proto__`, `prototype` and
// `constructor` reach an object's prototype instead of a field: one mapping target
// `__proto__.baseUrl` gave every object in the process a `baseUrl`, and connectors
// sent their credentials there (issue 16). So such paths are refused where they are
// accepted, and the reads and writes below touch an object's own fields only.
// https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Object/proto

const prototypeNames: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/** `{{name}}` placeholders, as loosely as any template here reads them, so none slips past. */
const placeholder = /\{\{\s*([^}\s]+)\s*\}\}/g;

/** Why a dotted field path cannot be used, in plain words; undefined when it can. */
export function pathProblem(path: string): string | undefined {
  const segment = path.split('.').find((part) => prototypeNames.has(part));
  return segment === undefined ? undefined : `"${segment}" cannot be used in a field path.`;
}

/** What a placeholder may apply to its value (`{{key|trim|lower|md5}}`). */
const templateFunctions: ReadonlySet<string> = new Set([
  'lower',
  'upper',
  'trim',
  'md5',
  'sha256',
  'formula',
  'sheetname',
  'escquote',
]);

/**
 * Why a `{{…}}` template cannot be used: one of its placeholders reaches a prototype,
 * or applies a function that does not exist.
 */
export function templateProblem(template: string): string | undefined {
  for (const [, name] of template.matchAll(placeholder)) {
    const [path, ...functions] = name!.split('|');
    const problem = pathProblem(path!);
    if (problem) return problem;
    const unknown = functions.find((f) => !templateFunctions.has(f));
    if (unknown !== undefined)
      return `"${unknown}" is not a template function: use ${[...templateFunctions].join(', ')}.`;
  }
  return undefined;
}

/** The field names a template reads (`{{firstname}} {{lastname}}` → firstname, lastname). */
export function templateFields(template: string): string[] {
  return [...template.matchAll(placeholder)].map(([, name]) => name!);
}

/**
 * Why an object key cannot be used. Only `__proto__`: assigned as a key it replaces the
 * object's prototype, and JSON parsers and zod drop or mangle it; `constructor` is an
 * ordinary own key once reads go through `ownValue`.
 */
export function keyProblem(key: string): string | undefined {
  return key === '__proto__' ? '"__proto__" cannot be used as a name.' : undefined;
}

/** A field the value has of its own (arrays included), never one it inherits. */
export function ownValue(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** Writes a field of the object's own; `__proto__` becomes a plain field, never the prototype. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  // Plain assignment is many times cheaper and, for every other key, makes the same own
  // field (a polluted prototype's data field does not stop it); only `__proto__` needs defining.
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
