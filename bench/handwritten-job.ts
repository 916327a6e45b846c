// The yardstick: the script someone would write by hand for the same job, with fetch and
// better-sqlite3 only. Same semantics as the Patchbay flow: the requests of
// contacts-to-customers.ts, and per page one SQLite transaction with the record links
// and the cursor.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncContacts, type Link, type SendText } from './contacts-to-customers.ts';
import { runJob, timed, type JobCounts, type JobInput } from './job-protocol.ts';

async function syncByHand(input: JobInput) {
  // No Patchbay code at all, not even the temp-folder helper: its imports alone would add to the RSS.
  const dir = mkdtempSync(join(tmpdir(), 'handwritten-bench-'));
  const db = new Database(join(dir, 'sync.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE links (source_id TEXT PRIMARY KEY, target_id TEXT NOT NULL, modified TEXT NOT NULL);
             CREATE TABLE cursor (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);`);
    const { value: counts, ms, cpuMs } = await timed(() => sync(input, db));
    return { counts, syncMs: ms, syncCpuMs: cpuMs };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function sync(input: JobInput, db: Database.Database): Promise<JobCounts> {
  const readLink = db.prepare<[string], { modified: string }>(
    'SELECT modified FROM links WHERE source_id = ?',
  );
  const writeLink = db.prepare(
    'INSERT OR REPLACE INTO links (source_id, target_id, modified) VALUES (?, ?, ?)',
  );
  const writeCursor = db.prepare('INSERT OR REPLACE INTO cursor (id, value) VALUES (1, ?)');
  const commit = db.transaction((links: Link[], cursor: number) => {
    for (const link of links) writeLink.run(...link);
    writeCursor.run(cursor);
  });
  return syncContacts({
    input,
    send: sendWithFetch,
    since: db.prepare<[], { value: number }>('SELECT value FROM cursor WHERE id = 1').get()?.value ?? 0,
    // A record seen again (the search restart re-reads the newest moment) is written only if it changed.
    changed: (c) => readLink.get(c.id)?.modified !== c.properties.lastmodifieddate,
    committed: commit,
  });
}

const sendWithFetch: SendText = async ({ method, url, headers, body }) => {
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const retryAfter = response.headers.get('retry-after');
  return {
    status: response.status,
    ...(retryAfter === null ? {} : { retryAfter }),
    text: await response.text(),
  };
};

await runJob('Hand-written script', syncByHand);
