import type { AppCategory } from '../contract/categories.ts';
import type { ConnectorSetting, EntityDescription } from '../contract/connectors.ts';
import type { Connector } from './connector.ts';

// A connector written in code rather than described by a manifest: a folder of
// spreadsheet files, a database. It implements the same `Connector` port; the catalogue
// lists it beside the REST ones and the connector factory opens it for an app.

/** What an app's connector is opened with. */
export interface NativeConnectorContext {
  readonly appId: string;
  /** For messages in plain words. */
  readonly appName: string;
  /** The app's connection settings, as declared by the definition's `settings`. */
  readonly config: Readonly<Record<string, string>>;
  /** The app's credential from the OS keychain (a database password), if it has one. */
  readonly secret: () => Promise<string | undefined>;
  readonly signal?: AbortSignal;
  readonly now: () => Date;
  /**
   * A folder inside the workspace where the connector may keep small state of its own
   * for this app (a folder connector's row hashes). Absent in a workspace without a folder
   * (tests), where a connector keeps none.
   */
  readonly stateDir?: string;
}

export interface NativeConnectorDefinition {
  readonly id: string;
  readonly name: string;
  readonly kind: 'files' | 'database';
  /** What kind of app it reaches, for Add app's groups. */
  readonly category: AppCategory;
  readonly version: string;
  /** The settings the app form asks for; a `secret` one is the app's keychain credential. */
  readonly settings: readonly ConnectorSetting[];
  /**
   * Entities known without opening an app; usually none, as a database's tables or a
   * folder's files are read from the app itself (the connector's `entityNames`).
   */
  readonly entities: readonly EntityDescription[];
  /** Where the definition lives, shown in the catalogue. */
  readonly source: string;
  /** The connector for one app. Must not connect yet: connecting happens on first use. */
  open(context: NativeConnectorContext): Connector;
}
