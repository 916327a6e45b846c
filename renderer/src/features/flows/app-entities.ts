import { useQuery } from '@tanstack/react-query';
import type { App } from '../../../../core/contract/apps.ts';
import type { EntityDescription } from '../../../../core/contract/connectors.ts';
import type { MethodOutput } from '../../../../core/contract/methods.ts';
import { errorMessage } from '../../lib/field-errors.ts';
import { appsQueries } from '../../queries/apps-queries.ts';

// What a flow can read from or write to an app. A REST connector lists its entities in
// the catalogue; a database's tables and a folder's files depend on the app, so their
// connector lists none and the app itself is asked (`apps.entities`), as it is for a
// sheet's columns (its header row).

type Connectors = MethodOutput<'connectors.list'>;

export interface AppEntities {
  /** What the app's connector describes; undefined for an app without one (the inventory's names are offered). */
  readonly described: readonly EntityDescription[] | undefined;
  /** Read from the app itself: each entity's fields are its columns, all of them. */
  readonly fromApp: boolean;
  /** What it holds, in words for the picker: "tables", "files" or "columns". */
  readonly noun: string;
  readonly loading: boolean;
  /** Why the app could not be asked, in plain words. */
  readonly error: string | undefined;
  readonly retry: () => void;
}

export function useAppEntities(app: App | undefined, connectors: Connectors): AppEntities {
  const connector = app?.connector ? connectors.find((c) => c.id === app.connector!.connector) : undefined;
  // A sheet's connector lists its rows, but their columns are the header row's: asked too.
  const columnsFromApp = connector?.entities.some((e) => e.fieldsFromApp) ?? false;
  const fromApp = connector !== undefined && (connector.entities.length === 0 || columnsFromApp);
  const asked = useQuery({ ...appsQueries.entities(app?.id ?? ''), enabled: fromApp, retry: false });
  return {
    // Until the sheet answers (or when it cannot), its rows are still offered, without columns.
    described: fromApp
      ? (asked.data ?? (columnsFromApp ? connector.entities : undefined))
      : connector?.entities,
    fromApp,
    noun: connector?.kind === 'files' ? 'files' : columnsFromApp ? 'columns' : 'tables',
    loading: fromApp && asked.isPending,
    error: fromApp && asked.isError ? errorMessage(asked.error) : undefined,
    retry: () => void asked.refetch(),
  };
}

/** The picker's choices: what the connector reads or writes, else what the inventory says the app holds. */
export function entityOptions(app: App | undefined, entities: AppEntities, current: string) {
  if (!app) return [];
  const options: (readonly [string, string])[] = entities.described
    ? entities.described.map((e) => [e.name, e.label] as const)
    : entities.fromApp
      ? []
      : app.entities.map((e) => [e.name, e.name] as const);
  // A saved entity the app no longer lists stays visible rather than silently changing.
  if (current && !options.some(([value]) => value === current)) options.push([current, current]);
  return options;
}

/** What the connector says of the chosen entity, when it describes one by that name. */
export const entityNamed = (entities: AppEntities, name: string) =>
  entities.described?.find((e) => e.name.toLowerCase() === name.toLowerCase());
