// The yardstick: the script someone would write by hand for the same job, with fetch and
// better-sqlite3 only. Same semantics as the Patchbay flow: the requests of
// contacts-to-customers.ts (or orders-to-invoices.ts), and per page one SQLite
// transaction with the record links and the cursor.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncContacts, type Link, type SendText } from './contacts-to-customers.ts';
import { runJob, timed, type JobCounts } from './job-protocol.ts';
import { syncOrders } from './orders-to-invoices.ts';

/** The job's links and cursor in a fresh SQLite file; `sync` gets what a page needs. */
async function withLinks(
  sync: (store: {
    modifiedOf: (sourceId: string) => string | undefined;
    cursor: unknown;
    commit: (links: Link[], cursor: number | string) => void;
  }) => Promise<JobCounts>,
) {
  // No Patchbay code at all, not even the temp-folder helper: its imports alone would add to the RSS.
  const dir = mkdtempSync(join(tmpdir(), 'handwritten-bench-'));
  const db = new Database(join(dir, 'sync.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE links (source_id TEXT PRIMARY KEY, target_id TEXT NOT NULL, modified TEXT NOT NULL);
             CREATE TABLE cursor (id INTEGER PRIMARY KEY CHECK (id = 1), value NOT NULL);`);
    const readLink = db.prepare<[string], { modified: string }>(
      'SELECT modified FROM links WHERE source_id = ?',
    );
    const writeLink = db.prepare(
      'INSERT OR REPLACE INTO links (source_id, target_id, modified) VALUES (?, ?, ?)',
    );
    const writeCursor = db.prepare('INSERT OR REPLACE INTO cursor (id, value) VALUES (1, ?)');
    const commit = db.transaction((links: Link[], cursor: number | string) => {
      for (const link of links) writeLink.run(...link);
      writeCursor.run(cursor);
    });
    const cursor = db.prepare<[], { value: unknown }>('SELECT value FROM cursor WHERE id = 1').get()?.value;
    const {
      value: counts,
      ms,
      cpuMs,
    } = await timed(() => sync({ modifiedOf: (id) => readLink.get(id)?.modified, cursor, commit }));
    return { counts, syncMs: ms, syncCpuMs: cpuMs };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sendWithFetch: SendText = async ({ method, url, headers, body }) => {
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const retryAfter = response.headers.get('retry-after');
  const link = response.headers.get('link');
  return {
    status: response.status,
    ...(retryAfter === null ? {} : { retryAfter }),
    ...(link === null ? {} : { link }),
    text: await response.text(),
  };
};

await runJob('Hand-written script', {
  contacts: (input) =>
    withLinks(({ modifiedOf, cursor, commit }) =>
      syncContacts({
        input,
        send: sendWithFetch,
        since: typeof cursor === 'number' ? cursor : 0,
        // A record seen again (the search restart re-reads the newest moment) is written only if it changed.
        changed: (c) => modifiedOf(c.id) !== c.properties.lastmodifieddate,
        committed: commit,
      }),
    ),
  orders: (input) =>
    withLinks(({ modifiedOf, cursor, commit }) =>
      syncOrders({
        input,
        send: sendWithFetch,
        since: typeof cursor === 'string' ? cursor : undefined,
        written: (order) => modifiedOf(String(order.id)),
        committed: commit,
      }),
    ),
});
