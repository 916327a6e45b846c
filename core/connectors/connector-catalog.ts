import { categoryOf, type AppCategory } from '../contract/categories.ts';
import type {
  AuthKind,
  ConnectorOrigin,
  ConnectorSetting,
  ConnectorSummary,
  EntityDescription,
} from '../contract/connectors.ts';
import { addressPattern, addressWith, connectionValues, originOf } from './manifest/connection-values.ts';
import { addressValueHosts } from './manifest/address-hosts.ts';
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
  readonly category: AppCategory;
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
    category: categoryOf(manifest.category),
    addresses: {
      // A templated address shows as its pattern (`https://{shop}.myshopify.com`).
      baseUrl: addressPattern(manifest.baseUrl),
      // Sign-in addresses built from settings show as their patterns too (`https://{subdomain}.zendesk.com/…`).
      ...(auth.type === 'oauth2'
        ? {
            ...(auth.authorizeUrl === undefined ? {} : { authorizeUrl: addressPattern(auth.authorizeUrl) }),
            tokenUrl: addressPattern(auth.tokenUrl),
          }
        : {}),
    },
    settings: restSettingsOf(manifest),
    entities: Object.keys(manifest.entities).map((name) => describeManifestEntity(manifest, name)!),
    manifest,
  };
}

/** A code connector as a catalogue entry; it names no host of its own (its settings do). */
function nativeEntryOf(definition: NativeConnectorDefinition): NativeCatalogEntry {
  const { id, name, kind, category, version, source, settings, entities } = definition;
  const secret = settings.some((setting) => setting.secret);
  return {
    id,
    name,
    kind,
    category,
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

/**
 * What the app form asks of a REST app: the settings its manifest declares, its
 * credential (unless declared), and what every REST app has: its address (the
 * manifest's by default), its request rate and, for OAuth, its client.
 */
function restSettingsOf(manifest: Manifest): ConnectorSetting[] {
  const declared = manifest.settings.map((s): ConnectorSetting => ({
    name: s.name,
    label: s.label,
    type: s.type,
    required: s.required,
    secret: s.secret,
    ...(s.example === undefined ? {} : { example: s.example }),
    ...(s.default === undefined ? {} : { default: s.default }),
    ...(s.help === undefined ? {} : { help: s.help }),
    ...(s.options === undefined ? {} : { options: s.options }),
  }));
  const pattern = addressPattern(manifest.baseUrl);
  const templated = pattern !== manifest.baseUrl;
  const auth = manifest.auth.type;
  const confidentialClient = manifest.auth.type === 'oauth2' && manifest.auth.clientAuth !== 'none';
  const credential: ConnectorSetting[] = declared.some((s) => s.secret)
    ? []
    : confidentialClient
      ? [
          {
            name: 'credential',
            label: 'Client secret',
            type: 'text',
            required: false,
            secret: true,
            help: `The client secret of the app you registered for Patchbay at ${manifest.name}; it stays in this PC's keychain.`,
          },
        ]
      : auth === 'none' || auth === 'oauth2'
        ? []
        : [
            {
              name: 'credential',
              label: 'API key or token',
              type: 'text',
              required: false,
              secret: true,
              help: "You can also add it later, on the app's page.",
            },
          ];
  const oauth: ConnectorSetting[] =
    auth === 'oauth2'
      ? [
          {
            name: 'clientId',
            label: 'Client ID',
            type: 'text',
            // Needed to connect, not to list the app: "Connect" says so if it is missing.
            required: false,
            secret: false,
            help:
              manifest.auth.clientIdHelp ??
              `The client id of the app you registered for Patchbay at ${manifest.name}.`,
          },
          // Kept when someone signs in (QuickBooks' company id); typed in only to fix one.
          ...manifest.auth.capture.map((capture): ConnectorSetting => ({
            name: capture.name,
            label: capture.label ?? capture.name,
            // A server address (Pipedrive's api_domain) is a web address on the hosts it declares.
            type: capture.hosts ? 'url' : 'text',
            required: false,
            secret: false,
            help: capture.hosts
              ? `Filled in when you connect ${manifest.name}: its server, on ${capture.hosts.join(' or ')}.`
              : `Filled in when you connect ${manifest.name}.`,
          })),
          // No browser sign-in in the client-credentials grant, so no sign-in address to change.
          ...(manifest.auth.grant === 'client_credentials'
            ? (['tokenUrl'] as const)
            : (['authorizeUrl', 'tokenUrl'] as const)
          ).map((name): ConnectorSetting => ({
            name,
            label: name === 'tokenUrl' ? 'Token address' : 'Sign-in address',
            type: 'url',
            required: false,
            secret: false,
            help: 'Leave it empty to use the one the connector names (change it for a sandbox).',
          })),
        ]
      : [];
  // The client id before the secret that goes with it.
  const [clientId, ...signIn] = oauth;
  return [
    ...declared.filter((s) => !s.secret),
    ...(clientId ? [clientId] : []),
    ...declared.filter((s) => s.secret),
    ...credential,
    ...signIn,
    {
      name: 'baseUrl',
      label: 'Address',
      type: 'url',
      required: false,
      secret: false,
      ...(templated ? {} : { default: manifest.baseUrl }),
      example: pattern,
      help: templated
        ? `The app's API address. Leave it empty to use ${pattern}, filled from the settings above.`
        : "The app's API address. Leave it empty to use the one the connector names.",
    },
    {
      name: 'requestsPerSecond',
      label: 'Requests per second',
      type: 'number',
      required: false,
      secret: false,
      ...(manifest.rateLimit
        ? { example: String(Math.round((manifest.rateLimit.requests * 1000) / manifest.rateLimit.perMs)) }
        : {}),
      help: 'How fast Patchbay may call the app. Leave it empty to use the limit the app documents.',
    },
  ];
}

/**
 * True for a connector whose apps sign in through the browser (OAuth authorization
 * code); false for one whose credential is typed in, a client secret included.
 */
export function signsInThroughBrowser(entry: CatalogEntry): boolean {
  return (
    entry.kind === 'rest' &&
    entry.manifest.auth.type === 'oauth2' &&
    entry.manifest.auth.grant === 'authorization_code'
  );
}

/** An entry as the API shows it (`connectors.list`). */
export function summaryOf(entry: CatalogEntry): ConnectorSummary {
  const { id, name, kind, origin, version, source, auth, category, addresses, settings, entities } = entry;
  return {
    id,
    name,
    kind,
    origin,
    version,
    source,
    auth,
    browserSignIn: signsInThroughBrowser(entry),
    category,
    baseUrl: addresses.baseUrl ?? '',
    hosts: hostsOf(entry),
    settings: [...settings],
    entities: [...entities],
  };
}

/**
 * Every origin the connector sends requests (and the app's credential) to, from its own
 * addresses; a server taken from a value (`{apiDomain}/api/v2`) as the hosts it may name.
 */
export function hostsOf(entry: Pick<CatalogEntry, 'addresses'> & { manifest?: Manifest }): string[] {
  const servers = entry.manifest ? addressValueHosts(entry.manifest) : new Map<string, readonly string[]>();
  const origins = Object.values(entry.addresses).flatMap((address) => {
    const patterns = servers.get(/^\{([A-Za-z][A-Za-z0-9_]*)\}/.exec(address)?.[1] ?? '');
    return patterns ? patterns.map((pattern) => `https://${pattern}`) : [originOf(address)];
  });
  return [...new Set(origins)];
}

/**
 * The addresses an app of this connector talks to with these settings, before its own
 * address settings replace them: a templated address filled from the settings
 * (`https://{shop}.myshopify.com` with `shop: acme` is `https://acme.myshopify.com`).
 */
export function addressesWith(
  entry: CatalogEntry,
  config: Record<string, unknown>,
): Readonly<Record<string, string>> {
  if (entry.kind !== 'rest') return entry.addresses;
  const { baseUrl, auth } = entry.manifest;
  const values = connectionValues(entry.manifest, config, undefined);
  return {
    ...entry.addresses,
    baseUrl: addressWith(baseUrl, values),
    ...(auth.type === 'oauth2'
      ? {
          ...(auth.authorizeUrl === undefined
            ? {}
            : { authorizeUrl: addressWith(auth.authorizeUrl, values) }),
          tokenUrl: addressWith(auth.tokenUrl, values),
        }
      : {}),
  };
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
