import { createHash } from 'node:crypto';
import { afterEach } from 'vitest';
import { createNodeHttpClient } from '../connectors/http/node-http-client.ts';
import {
  startLocalApiServer,
  type LocalApiServer,
  type Reply,
  type SeenRequest,
} from './local-api-server.ts';
import {
  mustDescribe,
  type Connector,
  type DeletedRecord,
  type PageState,
  type SourceRecord,
} from '../connectors/connector.ts';
import {
  createManifestConnector,
  type ManifestConnector,
} from '../connectors/manifest/manifest-connector.ts';
import { parseManifest, type Manifest } from '../connectors/manifest/manifest-schema.ts';

// Shared by the connector tests: a local API server closed after each test, a
// one-entity manifest, a connector on the real fetch client, and a reader that
// follows pages to the end.

/** A manifest with one entity, `items`; `extra` replaces top-level fields (auth, rateLimit). */
export function itemsManifest(
  entity: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Manifest {
  return parseManifest({
    id: 'test-api',
    name: 'Test API',
    baseUrl: 'https://api.example.com',
    auth: { type: 'bearer' },
    entities: { items: entity },
    ...extra,
  });
}

export function connect(
  manifest: Manifest,
  baseUrl: string,
  /** null: no secret saved. */
  secret: string | null = 'test-secret',
): ManifestConnector {
  return createManifestConnector({
    manifest,
    appName: manifest.name,
    config: { baseUrl },
    secret: async () => secret ?? undefined,
    send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
    now: () => new Date(),
    digest: (algorithm, text) => createHash(algorithm).update(text).digest('hex'),
  });
}

/**
 * Reads every page from `cursor` (by default where the entity's reads start), as the
 * engine does; answers the records, the deletions and the number of pages.
 */
export async function readAll(
  connector: Connector,
  entity: string,
  cursor = mustDescribe(connector, entity).initialCursor,
): Promise<{ records: SourceRecord[]; deleted: DeletedRecord[]; pages: number }> {
  const records: SourceRecord[] = [];
  const deleted: DeletedRecord[] = [];
  let pages = 0;
  let state: PageState | undefined;
  do {
    const page = await connector.readPage(entity, cursor, state);
    records.push(...page.records);
    deleted.push(...(page.deleted ?? []));
    state = page.next;
    pages++;
  } while (state);
  return { records, deleted, pages };
}

export const sampleItems = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}` }));

/** One local API server per test, closed after it; `current()` is the running one. */
export function serverPerTest() {
  let server: LocalApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    serve: async (handle: (request: SeenRequest) => Reply | Promise<Reply>): Promise<LocalApiServer> =>
      (server = await startLocalApiServer(handle)),
    current: (): LocalApiServer => server!,
  };
}
