import type {
  AuthKind,
  ConnectorOrigin,
  ConnectorSetting,
  ConnectorSummary,
  EntityDescription,
} from '../contract/connectors.ts';
import { describeManifestEntity } from './manifest/describe-entity.ts';
import type { Manifest } from './manifest/manifest-schema.ts';
import type { NativeConnectorDefinition } from './native-connector.ts';

// Every connector Patchbay can use, built in or installed by a user, with what each
// can do: the one place services ask "which connectors are there, and what are they".
// Pure: the installed ones are read through a function the host passes in.

/** A manifest and where it came from. */
export interface ManifestSource {
  readonly manifest: Manifest;
  /** The file it was shipped or installed from. */
  readonly source: string;
}

interface CatalogEntryBase {
  readonly id: string;
  readonly name: string;
  readonly origin: ConnectorOrigin;
  readonly version: string;
  readonly source: string;
  readonly auth: AuthKind;
  /** The addresses the connector talks to unless an app's settings give others, by setting name. */
  readonly addresses: Readonly<Record<string, string>>;
  /** The connection settings an app of this connector asks for. */
  readonly settings: readonly ConnectorSetting[];
  readonly entities: readonly EntityDescription[];
}

/** A REST API described by a manifest (data: built in, or installed by a user). */
export interface RestCatalogEntry extends CatalogEntryBase {
  readonly kind: 'rest';
  readonly manifest: Manifest;
}

/** A connector written in code (files, databases): always built in. */
export interface NativeCatalogEntry extends CatalogEntryBase {
  readonly kind: NativeConnectorDefinition['kind'];
  readonly definition: NativeConnectorDefinition;
}

export type CatalogEntry = RestCatalogEntry | NativeCatalogEntry;

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
  /** Built-in connectors written in code (files, databases). */
  readonly native?: readonly NativeConnectorDefinition[];
  readonly installed?: () => readonly ManifestSource[];
}): ConnectorCatalog {
  const builtIn: CatalogEntry[] = [
    ...options.builtIn.map((m) => catalogEntryOf(m, 'built-in')),
    ...(options.native ?? []).map(nativeEntryOf),
  ];
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
export function catalogEntryOf(
  { manifest, source }: ManifestSource,
  origin: ConnectorOrigin,
): RestCatalogEntry {
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
    settings: restSettingsOf(manifest),
    entities: Object.keys(manifest.entities).map((name) => describeManifestEntity(manifest, name)!),
    manifest,
  };
}

/** A code connector as a catalogue entry; it names no host of its own (its settings do). */
function nativeEntryOf(definition: NativeConnectorDefinition): NativeCatalogEntry {
  const { id, name, kind, version, source, settings, entities } = definition;
  const secret = settings.some((setting) => setting.secret);
  return {
    id,
    name,
    kind,
    origin: 'built-in',
    version,
    source,
    auth: secret ? 'basic' : 'none',
    addresses: {},
    settings,
    entities,
    definition,
  };
}

/** What the app form asks of a REST app: its address (the manifest's by default) and its request rate. */
function restSettingsOf(manifest: Manifest): ConnectorSetting[] {
  return [
    {
      name: 'baseUrl',
      label: 'Address',
      type: 'url',
      required: false,
      secret: false,
      default: manifest.baseUrl,
      example: manifest.baseUrl,
      help: "The app's API address. Leave it empty to use the one the connector names.",
    },
  ];
}

/** An entry as the API shows it (`connectors.list`). */
export function summaryOf(entry: CatalogEntry): ConnectorSummary {
  const { id, name, kind, origin, version, source, auth, addresses, settings, entities } = entry;
  return {
    id,
    name,
    kind,
    origin,
    version,
    source,
    auth,
    baseUrl: addresses.baseUrl ?? '',
    hosts: hostsOf(entry),
    settings: [...settings],
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

/** The connector's definition as data (a REST one's manifest), for a workspace file's record. */
export function definitionOf(entry: CatalogEntry): Record<string, unknown> {
  return entry.kind === 'rest'
    ? structuredClone(entry.manifest)
    : { id: entry.id, kind: entry.kind, version: entry.version };
}
