import type { Logger } from '../ports.ts';
import type { InstalledConnectorRow } from '../services/repositories.ts';
import type { ManifestSource } from './connector-catalog.ts';
import { checkManifest } from './manifest/manifest-schema.ts';

/**
 * The installed connectors the catalogue offers: each stored manifest validated again
 * (a row a newer Patchbay wrote, or one edited by hand, may not be valid here). A bad
 * one is reported in the log and left out, never run; its apps say their connector is
 * missing.
 */
export function loadInstalled(
  rows: readonly InstalledConnectorRow[],
  logger: Pick<Logger, 'error'>,
): ManifestSource[] {
  return rows.flatMap((row) => {
    const checked = checkManifest(row.manifest);
    if ('manifest' in checked) return [{ manifest: checked.manifest, source: row.source }];
    const [first] = checked.issues;
    logger.error(
      `The installed connector "${row.id}" is not valid here (${first!.path}: ${first!.message}); it is left out until it is installed again.`,
    );
    return [];
  });
}
