import type { EntityDescription, EntityField } from '../../contract/connectors.ts';
import { describeManifestEntity, entitySpecOf } from './describe-entity.ts';
import type { Manifest } from './manifest-schema.ts';

/**
 * A manifest's entities as the connector describes them, a sheet's with its columns once
 * its header row was read (`rows.header`): the flow editor offers a sheet's columns as it
 * does a file's. `prepare` is there only when the manifest has such a sheet, so every
 * other connector is still described without asking its app.
 */
export function describedWithColumns(
  manifest: Manifest,
  readColumns: (entity: string) => Promise<string[]>,
): { describe(entity: string): EntityDescription | undefined; prepare?(): Promise<void> } {
  const read = new Map<string, EntityField[]>();
  const sheets = Object.keys(manifest.entities).filter(
    (name) => entitySpecOf(manifest, name)?.rows?.header !== undefined,
  );
  const describe = (name: string) => {
    const described = describeManifestEntity(manifest, name);
    const columns = read.get(name);
    return described && columns ? { ...described, fields: columns } : described;
  };
  async function prepare() {
    for (const name of sheets)
      read.set(
        name,
        (await readColumns(name)).map((column) => ({ name: column, label: column })),
      );
  }
  return sheets.length > 0 ? { describe, prepare } : { describe };
}
