import {
  catalogEntryOf,
  hostsOf,
  summaryOf,
  type ConnectorCatalog,
} from '../connectors/connector-catalog.ts';
import { checkManifest, type Manifest } from '../connectors/manifest/manifest-schema.ts';
import type { ConnectorCheck } from '../contract/connectors.ts';
import { ApiError } from '../contract/errors.ts';
import { quoted } from '../contract/text-rules.ts';
import type { Clock } from '../ports.ts';
import type { AppRepository, AuditLog, InstalledConnectors, InTransaction } from './repositories.ts';

/**
 * Connectors a user installs into the workspace: checked (every problem with its
 * path), installed or updated by version, removed when no app uses them. Built-in
 * connectors cannot be replaced or removed. A manifest never runs code: it can only
 * describe requests the REST interpreter makes.
 */
export function createConnectorsService(options: {
  readonly catalog: ConnectorCatalog;
  readonly installed: InstalledConnectors;
  readonly apps: Pick<AppRepository, 'list'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly transaction: InTransaction;
}) {
  const { catalog, installed, apps, audit, clock, transaction } = options;

  /** The check, and the parsed manifest when it parsed: an install then uses that one. */
  function inspect(raw: unknown): { result: ConnectorCheck; manifest?: Manifest } {
    const checked = checkManifest(raw);
    if ('issues' in checked) {
      const issues = checked.issues.map((issue) => ({ field: issue.path, message: issue.message }));
      return { result: { valid: false, issues, hosts: [], warnings: [], change: 'refused' } };
    }
    const { manifest } = checked;
    const entry = catalogEntryOf({ manifest, source: '' }, 'installed');
    const hosts = hostsOf(entry);
    const warnings = entry.entities
      .filter((entity) => entity.createRetry === 'limited')
      .map(
        (entity) =>
          `${entity.name}: creates carry no idempotency key and cannot be looked up first, so a create whose answer is lost is not sent again (it waits in the failure queue for someone to check). Add a "lookup", or an "idempotencyHeader" (or {{idempotencyKey}} in a query parameter) if the API has one.`,
      );
    const refusal = refusalOf(manifest);
    return {
      manifest,
      result: {
        valid: refusal === undefined,
        issues: refusal ? [refusal] : [],
        connector: summaryOf(entry),
        hosts,
        warnings,
        change: refusal ? 'refused' : changeOf(manifest),
      },
    };
  }

  /** Why this manifest cannot be installed over what the catalogue holds, if it cannot. */
  function refusalOf(manifest: Manifest): { field: string; message: string } | undefined {
    const current = catalog.get(manifest.id);
    if (current?.origin === 'built-in')
      return {
        field: 'id',
        message: `${quoted(manifest.id)} is a connector built into Patchbay; give yours another id.`,
      };
    if (current && compareVersions(manifest.version, current.version) < 0)
      return {
        field: 'version',
        message: `Version ${manifest.version} is older than the installed ${current.version}; install a newer version, or remove the connector first.`,
      };
    return undefined;
  }

  function changeOf(manifest: Manifest): 'install' | 'update' | 'unchanged' {
    const row = installed.get(manifest.id);
    if (!row) return 'install';
    return JSON.stringify(row.manifest) === JSON.stringify(manifest) ? 'unchanged' : 'update';
  }

  /** The manifest and its check, or the refusal naming every problem by its path. */
  function mustBeValid(raw: unknown): { result: ConnectorCheck; manifest: Manifest } {
    const { result, manifest } = inspect(raw);
    if (!result.valid || !manifest) {
      const [first] = result.issues;
      throw new ApiError(
        'invalid_input',
        `The connector is not valid at ${first!.field}: ${first!.message}`,
        {
          field: `manifest.${first!.field}`,
          issues: result.issues.map((issue) => ({ ...issue, field: `manifest.${issue.field}` })),
        },
      );
    }
    return { result, manifest };
  }

  return {
    check: (raw: unknown): ConnectorCheck => inspect(raw).result,

    /** Installs a connector, or updates it to a newer version; the apps using it keep working. */
    install(raw: unknown, source: string) {
      const { result, manifest } = mustBeValid(raw);
      const change =
        result.change === 'install' ? 'installed' : result.change === 'update' ? 'updated' : 'unchanged';
      if (change !== 'unchanged') {
        const at = clock.now().toISOString();
        transaction(() => {
          installed.put({ id: manifest.id, version: manifest.version, manifest, source, updatedAt: at });
          audit.append({
            at,
            actor: 'user',
            action: `connector.${change === 'installed' ? 'install' : 'update'}`,
            subject: manifest.id,
            detail: { version: manifest.version, source, hosts: result.hosts },
          });
        });
        catalog.reload();
      }
      return { connector: summaryOf(catalog.get(manifest.id)!), change } as const;
    },

    /** Removes an installed connector, refused while an app uses it (naming the apps). */
    remove(id: string): { id: string } {
      const entry = catalog.get(id);
      if (!entry)
        throw new ApiError('not_found', `There is no connector ${quoted(id)} in this workspace.`, {
          field: 'id',
        });
      if (entry.origin === 'built-in')
        throw new ApiError('conflict', `${entry.name} is built into Patchbay and cannot be removed.`, {
          field: 'id',
        });
      const users = apps.list().filter((app) => app.connector?.connector === id);
      if (users.length > 0)
        throw new ApiError(
          'conflict',
          `${entry.name} is used by ${users.map((app) => app.name).join(', ')}. Change or delete ${users.length === 1 ? 'that app' : 'those apps'} first.`,
          { field: 'id' },
        );
      transaction(() => {
        installed.delete(id);
        audit.append({
          at: clock.now().toISOString(),
          actor: 'user',
          action: 'connector.remove',
          subject: id,
        });
      });
      catalog.reload();
      return { id };
    },
  };
}

export type ConnectorsService = ReturnType<typeof createConnectorsService>;

/** Compares dotted versions by number ("1.10" is newer than "1.9"). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
