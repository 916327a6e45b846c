import type {
  AuthKind,
  ConnectorKind,
  ConnectorOrigin,
  ConnectorSummary,
  EntityDescription,
} from '../contract/connectors.ts';
import { describeManifestEntity } from './manifest/describe-entity.ts';
import type { Manifest } from './manifest/manifest-schema.ts';

// Every connector Patchbay can use, built in or installed by a user, with what each
// can do: the one place services ask "which connectors are there, and what are they".
// Pure: the installed ones are read through a function the host passes in.

/** A manifest and where it came from. */
export interface ManifestSource {
  readonly manifest: Manifest;
  /** The file it was shipped or installed from. */
  readonly source: string;
}

export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  readonly kind: ConnectorKind;
  readonly origin: ConnectorOrigin;
  readonly version: string;
  readonly source: string;
  readonly auth: AuthKind;
  /** The addresses the connector talks to unless an app's settings give others, by setting name. */
  readonly addresses: Readonly<Record<string, string>>;
  readonly entities: readonly EntityDescription[];
  /** The REST connector's manifest (the only kind today). */
  readonly manifest: Manifest;
}

export interface ConnectorCatalog {
  list(): readonly CatalogEntry[];
  get(id: string): CatalogEntry | undefined;
  /** Reads the installed connectors again (after one is installed, updated or removed). */
  reload(): void;
}

/**
 * The catalogue. The installer refuses a built-in connector's id; should a stored one
 * have it anyway, the built-in connector wins, so an install never shadows it.
 */
export function createConnectorCatalog(options: {
  readonly builtIn: readonly ManifestSource[];
  readonly installed?: () => readonly ManifestSource[];
}): ConnectorCatalog {
  const builtIn = options.builtIn.map((m) => catalogEntryOf(m, 'built-in'));
  let entries = new Map<string, CatalogEntry>();
  const reload = () => {
    const builtInIds = new Set(builtIn.map((entry) => entry.id));
    const installed = (options.installed?.() ?? [])
      .map((m) => catalogEntryOf(m, 'installed'))
      .filter((entry) => !builtInIds.has(entry.id));
    entries = new Map([...builtIn, ...installed].map((entry) => [entry.id, entry]));
  };
  reload();
  return {
    list: () => [...entries.values()],
    get: (id) => entries.get(id),
    reload,
  };
}

/** A manifest as a catalogue entry (what it would be, for a check before installing). */
export function catalogEntryOf({ manifest, source }: ManifestSource, origin: ConnectorOrigin): CatalogEntry {
  const auth = manifest.auth;
  return {
    id: manifest.id,
    name: manifest.name,
    kind: 'rest',
    origin,
    version: manifest.version,
    source,
    auth: auth.type,
    addresses: {
      baseUrl: manifest.baseUrl,
      ...(auth.type === 'oauth2' ? { authorizeUrl: auth.authorizeUrl, tokenUrl: auth.tokenUrl } : {}),
    },
    entities: Object.keys(manifest.entities).map((name) => describeManifestEntity(manifest, name)!),
    manifest,
  };
}

/** An entry as the API shows it (`connectors.list`). */
export function summaryOf(entry: CatalogEntry): ConnectorSummary {
  const { id, name, kind, origin, version, source, auth, addresses, entities } = entry;
  return {
    id,
    name,
    kind,
    origin,
    version,
    source,
    auth,
    baseUrl: addresses.baseUrl!,
    hosts: hostsOf(entry),
    entities: [...entities],
  };
}

/** Every origin the connector sends requests (and the app's credential) to, from its own addresses. */
export function hostsOf(entry: Pick<CatalogEntry, 'addresses'>): string[] {
  return [...new Set(Object.values(entry.addresses).map((address) => new URL(address).origin))];
}

/** The entity as the connector names it ("Contacts" → "contacts"), or undefined. */
export function entityOf(entry: CatalogEntry, entity: string): EntityDescription | undefined {
  return entry.entities.find((e) => e.name.toLowerCase() === entity.toLowerCase());
}

/** The connector's definition as data (its manifest), for a workspace file's record. */
export function definitionOf(entry: CatalogEntry): Record<string, unknown> {
  return structuredClone(entry.manifest);
}
