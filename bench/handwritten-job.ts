// The yardstick: the script someone would write by hand for the same job, with fetch and
// better-sqlite3 only. Same semantics as the Patchbay flow: incremental read through
// HubSpot's search (ascending lastmodifieddate, restarting past the 10,000-result cap),
// the same field mapping, upsert in Stripe by email with 4 writes in flight, and per
// page one SQLite transaction with the record links and the cursor.
// https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm
// https://docs.stripe.com/api/customers/list, https://docs.stripe.com/api/idempotent_requests
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJob, timed, type JobCounts, type JobInput } from './job-protocol.ts';

const pageSize = 100;
const searchCap = 10_000;
const concurrency = 4;

interface Contact {
  id: string;
  properties: Record<string, string | null>;
}

interface SearchAnswer {
  results: Contact[];
  paging?: { next?: { after: string } };
}

async function syncByHand(input: JobInput) {
  // No Patchbay code at all, not even the temp-folder helper: its imports alone would add to the RSS.
  const dir = mkdtempSync(join(tmpdir(), 'handwritten-bench-'));
  const db = new Database(join(dir, 'sync.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE links (source_id TEXT PRIMARY KEY, target_id TEXT NOT NULL, modified TEXT NOT NULL);
             CREATE TABLE cursor (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);`);
    const { value: counts, ms } = await timed(() => sync(input, db));
    return { counts, syncMs: ms };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sync(input: JobInput, db: Database.Database): Promise<JobCounts> {
  const counts: JobCounts = { read: 0, created: 0, updated: 0, failed: 0 };
  const readLink = db.prepare<[string], { modified: string }>(
    'SELECT modified FROM links WHERE source_id = ?',
  );
  const writeLink = db.prepare(
    'INSERT OR REPLACE INTO links (source_id, target_id, modified) VALUES (?, ?, ?)',
  );
  const writeCursor = db.prepare('INSERT OR REPLACE INTO cursor (id, value) VALUES (1, ?)');
  const commit = db.transaction((links: [string, string, string][], cursor: number) => {
    for (const link of links) writeLink.run(...link);
    writeCursor.run(cursor);
  });
  let queryCursor =
    db.prepare<[], { value: number }>('SELECT value FROM cursor WHERE id = 1').get()?.value ?? 0;
  let after: string | undefined;
  let resultsInQuery = 0;
  let newest = queryCursor;

  for (;;) {
    const page = await searchContacts(input, queryCursor, after);
    counts.read += page.results.length;
    resultsInQuery += page.results.length;
    // A record seen again (the restart below re-reads the newest moment) is written only if it changed.
    const changed = page.results.filter(
      (c) => readLink.get(c.id)?.modified !== c.properties.lastmodifieddate,
    );
    const links: [string, string, string][] = [];
    await inParallel(changed, concurrency, async (contact) => {
      const { id, created } = await upsertCustomer(input, contact);
      links.push([contact.id, id, contact.properties.lastmodifieddate ?? '']);
      if (created) counts.created++;
      else counts.updated++;
    });
    for (const c of page.results) newest = Math.max(newest, Date.parse(c.properties.lastmodifieddate ?? ''));
    commit(links, newest);

    const token = page.paging?.next?.after;
    if (!token) return counts;
    if (resultsInQuery + pageSize > searchCap) {
      // Search answers at most 10,000 results per query: start a new one from the newest change seen.
      if (newest === queryCursor)
        throw new Error('More than 10,000 contacts changed in the same millisecond.');
      queryCursor = newest;
      after = undefined;
      resultsInQuery = 0;
    } else {
      after = token;
    }
  }
}

function searchContacts(input: JobInput, since: number, after: string | undefined): Promise<SearchAnswer> {
  return call(`${input.hubspotUrl}/crm/v3/objects/contacts/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${input.hubspotToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) }] },
      ],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['email', 'firstname', 'lastname', 'phone', 'company', 'lastmodifieddate'],
      limit: pageSize,
      ...(after === undefined ? {} : { after }),
    }),
  }) as Promise<SearchAnswer>;
}

/** Looks the customer up by email, then updates or creates it: Stripe has no upsert. */
async function upsertCustomer(input: JobInput, contact: Contact): Promise<{ id: string; created: boolean }> {
  const p = contact.properties;
  const email = (p.email ?? '').trim().toLowerCase();
  if (!email) throw new Error(`Contact ${contact.id} has no email.`);
  const auth = { authorization: `Bearer ${input.stripeKey}` };
  const found = (await call(`${input.stripeUrl}/v1/customers?${new URLSearchParams({ email, limit: '1' })}`, {
    headers: auth,
  })) as { data: { id: string }[] };
  const existing = found.data[0]?.id;
  const form = new URLSearchParams({
    email,
    name: `${p.firstname ?? ''} ${p.lastname ?? ''}`,
    'metadata[hubspot_id]': contact.id,
  });
  if (p.phone) form.set('phone', p.phone);
  const written = (await call(`${input.stripeUrl}/v1/customers${existing ? `/${existing}` : ''}`, {
    method: 'POST',
    headers: {
      ...auth,
      'content-type': 'application/x-www-form-urlencoded',
      // A write whose answer is lost is replayed by Stripe instead of done twice.
      'idempotency-key': `hubspot-${contact.id}-${p.lastmodifieddate}`,
    },
    body: form.toString(),
  })) as { id: string };
  return { id: written.id, created: !existing };
}

/** fetch that retries a 429 or 5xx a few times (honouring Retry-After) and throws on any other error. */
async function call(url: string, init: RequestInit): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, init);
    if (response.ok) return response.json();
    const text = await response.text();
    if ((response.status !== 429 && response.status < 500) || attempt === 5)
      throw new Error(
        `${init.method ?? 'GET'} ${new URL(url).pathname} answered ${response.status}: ${text}`,
      );
    const wait = Number(response.headers.get('retry-after') ?? 0) * 1000 || 100 * 2 ** attempt;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

await runJob('Hand-written script', syncByHand);
