import type { EntityDescription } from './connectors.ts';
import { templateFields } from './safe-path.ts';

// Which field names an app is known to have, for the flow editor's suggestions, the
// preview's warnings and the dry run's "would fail". Pure: the renderer shares it.

/**
 * True when `path` is one of `known`, or sits under one (`metadata.hubspot_id` under
 * `metadata`: Stripe's metadata takes any key), or holds one (`address` holds `address.city`).
 */
export function isKnownField(path: string, known: readonly string[]): boolean {
  const lower = path.toLowerCase();
  return known.some((name) => {
    const k = name.toLowerCase();
    return k === lower || lower.startsWith(`${k}.`) || k.startsWith(`${lower}.`);
  });
}

/** The paths the entity does not list, in the order given; none when it lists no fields. */
export function unknownFields(paths: readonly string[], known: readonly string[]): string[] {
  if (known.length === 0) return [];
  return [...new Set(paths.filter((path) => !isKnownField(path, known)))];
}

/**
 * "Stripe customers has no field favourite_colour" when the app refuses fields it does
 * not list (the entity says `onlyListedFields`); undefined when every target is known or
 * the app may have fields Patchbay does not list (HubSpot's custom properties).
 */
export function refusedTargetFields(
  appName: string,
  entity: Pick<EntityDescription, 'label' | 'fields' | 'onlyListedFields'>,
  targets: readonly string[],
): string | undefined {
  if (!entity.onlyListedFields) return undefined;
  const unknown = unknownFields(
    targets,
    entity.fields.map((f) => f.name),
  );
  if (unknown.length === 0) return undefined;
  const noun = unknown.length === 1 ? 'field' : 'fields';
  return `${appName} ${entity.label.toLowerCase()} has no ${noun} ${joinNames(unknown)}.`;
}

function joinNames(names: readonly string[]): string {
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

/** A mapping's field that no one knows of, with where it sits in the form (`mapping.0.source`). */
export interface FieldWarning {
  field: string;
  message: string;
}

interface Side {
  /** "HubSpot contacts". */
  label: string;
  /** The connector's fields, plus (for the source) the fields seen in sample records. */
  known: readonly string[];
  /**
   * Set when `known` is the app's own complete list (a database table's or a file's
   * columns): a name not in it is then "not a column", with no talk of sample records.
   */
  columns?: boolean | undefined;
}

/**
 * Source fields the source does not have (`emial`), and target fields the target does
 * not list, each with a "did you mean". No warning on a side whose fields are unknown.
 */
export function mappingFieldWarnings(
  mapping: readonly { target: string; source?: string | undefined; template?: string | undefined }[],
  source: Side,
  target: Side & { onlyListedFields?: boolean | undefined },
): FieldWarning[] {
  const warnings: FieldWarning[] = [];
  // A field not filled in yet is not an unknown one: the form asks for it in its own words.
  const named = (names: readonly string[]) => names.filter((name) => name.trim() !== '');
  mapping.forEach((m, index) => {
    const read = named(
      m.source !== undefined ? [m.source] : m.template !== undefined ? templateFields(m.template) : [],
    );
    const kind = m.source !== undefined ? 'source' : 'template';
    for (const name of unknownFields(read, source.known))
      warnings.push({
        field: `mapping.${index}.${kind}`,
        message: source.columns
          ? `${source.label} has no column ${quotedName(name)}.${didYouMean(name, source.known)}`
          : `${quotedName(name)} is not a field of ${source.label}: it is neither in its field list nor in the sample records.${didYouMean(name, source.known)}`,
      });
    for (const name of unknownFields(named([m.target]), target.known))
      warnings.push({
        field: `mapping.${index}.target`,
        message: target.onlyListedFields
          ? `${target.label} has no ${target.columns ? 'column' : 'field'} ${name}, so every record would be refused.${didYouMean(name, target.known)}`
          : target.columns
            ? `${target.label} has no column ${quotedName(name)} yet: Patchbay adds it at the right of the file.${didYouMean(name, target.known)}`
            : `${quotedName(name)} is not among the fields Patchbay knows for ${target.label}; check that it has one.${didYouMean(name, target.known)}`,
      });
  });
  return warnings;
}

const quotedName = (name: string) => `“${name}”`;

/** " Did you mean “email”?" for a name one or two typos away from a known one. */
function didYouMean(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best === undefined ? '' : ` Did you mean ${quotedName(best)}?`;
}

/** Levenshtein distance with adjacent swaps counted as one (Damerau, optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}
