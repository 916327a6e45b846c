import type { EntityDescription } from './connectors.ts';

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
