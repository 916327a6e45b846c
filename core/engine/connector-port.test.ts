import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowInputSchema, type Flow } from '../contract/flows.ts';
import { SqliteAppRepository } from '../storage/app-repository.ts';
import { SqliteFailureRepository } from '../storage/failure-repository.ts';
import { SqliteFlowRepository } from '../storage/flow-repository.ts';
import { openDatabase, type Db } from '../storage/open-database.ts';
import { SqliteRunStore } from '../storage/sqlite-run-store.ts';
import { createInMemoryConnector, type InMemoryConnector } from '../testing/in-memory-connector.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { dryRunFlow } from './dry-run-flow.ts';
import { retryFailures } from './retry-failures.ts';
import { runFlow, type RunEvent, type RunFlowDeps } from './run-flow.ts';

// The engine needs the `Connector` port and nothing else: a connector with no HTTP and
// no manifest (core/testing/in-memory-connector.ts) runs a flow, a retry and a dry run
// through the same engine, on a real workspace database.

let db: Db;
let dispose: () => void;
let time: number;
let source: InMemoryConnector;
let target: InMemoryConnector;
let flow: Flow;
let events: RunEvent[];

const now = () => new Date(time);
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeEach(() => {
  const temp = makeTempDir();
  dispose = temp.dispose;
  db = openDatabase(join(temp.dir, 'patchbay.db')).db;
  time = Date.parse(at(30));
  events = [];
  source = createInMemoryConnector('Address book', { people: { matchField: 'mail', pageSize: 7 } }, { now });
  target = createInMemoryConnector(
    'Mailing list',
    {
      members: {
        matchField: 'email',
        refuse: (fields) => (String(fields.email).includes('@') ? undefined : 'email is not an address.'),
      },
    },
    { now },
  );
  const apps = new SqliteAppRepository(db);
  for (const [id, name] of [
    ['book', 'Address book'],
    ['list', 'Mailing list'],
  ] as const)
    apps.insert({
      id,
      name,
      vendor: '',
      category: 'other',
      owner: '',
      criticality: 'low',
      notes: '',
      connector: null,
      createdAt: at(0),
      updatedAt: at(0),
    });
  const flows = new SqliteFlowRepository(db);
  flows.insert(
    'flow-1',
    flowInputSchema.parse({
      name: 'People to members',
      sourceAppId: 'book',
      sourceEntity: 'people',
      targetAppId: 'list',
      targetEntity: 'members',
      matchKey: 'email',
      mapping: [
        { source: 'mail', target: 'email', required: true, transforms: [{ type: 'case', to: 'lower' }] },
        { source: 'name', target: 'name' },
      ],
    }),
    at(0),
  );
  flow = flows.get('flow-1')!;
});
afterEach(() => {
  db.close();
  dispose();
});

const deps = (): RunFlowDeps => ({
  store: new SqliteRunStore(db),
  source,
  target,
  hash: sha256,
  now,
  emit: (event) => events.push(event),
});

/** A mailing list that takes members in batches of 4 and refuses an email without "@". */
const batchTarget = (extra: { refusesInsideBatch?: boolean } = {}) =>
  createInMemoryConnector(
    'Mailing list',
    {
      members: {
        matchField: 'email',
        batchSize: 4,
        refuse: (f) => (String(f.email).includes('@') ? undefined : 'The email address is not valid.'),
        ...extra,
      },
    },
    { now },
  );

describe('the engine through the Connector port alone', () => {
  beforeEach(() => {
    for (let i = 1; i <= 20; i++)
      source.put('people', `p${i}`, { mail: `Person${i}@Example.org`, name: `Person ${i}` }, at(i));
    source.put('people', 'p21', { mail: 'not-an-address', name: 'Broken' }, at(21));
    // The list already holds one of them: found by match key and updated, not created twice.
    target.put('members', 'm-old', { email: 'person3@example.org', name: 'Old name' }, at(0));
  });

  it('runs a flow page by page, retries its failure after a fix at the source, and dry-runs the next changes', async () => {
    const first = await runFlow(flow, deps(), 'manual');
    expect(first.status).toBe('partial');
    expect(first.counts).toMatchObject({ read: 21, unchanged: 0, failed: 1 });
    // (How the one found by lookup is counted is issue 14's to fix; 20 were written either way.)
    expect(first.counts.created + first.counts.updated).toBe(20);
    expect(target.records('members').size).toBe(20);
    expect(target.records('members').get('m-old')).toEqual({
      email: 'person3@example.org',
      name: 'Person 3',
    });
    // 21 records in pages of 7: three progress events, and the cursor at the newest record read.
    expect(events.filter((e) => e.name === 'runs.progress')).toHaveLength(3);
    expect(new SqliteRunStore(db).readCheckpoint(flow.id)).toEqual({ cursor: at(21) });

    const failures = new SqliteFailureRepository(db);
    const [failure] = failures.unresolvedOf(flow.id);
    expect(failure).toMatchObject({ sourceRecordId: 'p21', errorClass: 'validation' });
    expect(failure!.message).toContain('email is not an address.');

    // Fixed in the source app: the retry reads the record again by id and writes it.
    source.put('people', 'p21', { mail: 'fixed@example.org', name: 'Fixed' }, at(22));
    const retry = await retryFailures(flow, failures.unresolvedOf(flow.id), deps());
    expect(retry).toMatchObject({ status: 'succeeded', counts: { read: 1, created: 1, failed: 0 } });
    expect(failures.unresolvedOf(flow.id)).toEqual([]);
    expect([...target.records('members').values()].map((r) => r.email)).toContain('fixed@example.org');

    // Two changed at the source: the dry run reads from the cursor, reports, writes nothing.
    source.put('people', 'p5', { mail: 'person5@example.org', name: 'Renamed 5' }, at(40));
    source.put('people', 'p6', { mail: 'person6@example.org', name: 'Renamed 6' }, at(41));
    const writesBefore = target.writes.length;
    const dry = await dryRunFlow(flow, { store: new SqliteRunStore(db), source, hash: sha256 });
    // p21 (changed at 22) is read again from the cursor at 21, unchanged since the retry linked it.
    expect(dry).toMatchObject({ read: 3, wouldCreate: 0, wouldUpdate: 2, unchanged: 1, wouldFail: 0 });
    expect(dry.samples.map((s) => s.record.name).sort()).toEqual(['Renamed 5', 'Renamed 6']);
    expect(target.writes.length).toBe(writesBefore);

    const second = await runFlow(flow, deps(), 'schedule');
    expect(second).toMatchObject({ status: 'succeeded', counts: { read: 3, updated: 2, unchanged: 1 } });
    expect(target.records('members').size).toBe(21);
  });

  it("fails only the record a batch answer refuses inside it, in the app's words, without splitting the batch", async () => {
    target = batchTarget({ refusesInsideBatch: true });
    const result = await runFlow(flow, deps(), 'manual');
    expect(result.counts).toMatchObject({ read: 21, created: 20, failed: 1 });
    // 21 records in batches of 4: six calls, none split to find the bad one.
    expect(target.writes).toHaveLength(6);
    const [failure] = new SqliteFailureRepository(db).unresolvedOf(flow.id);
    expect(failure).toMatchObject({ sourceRecordId: 'p21', errorClass: 'validation' });
    expect(failure!.message).toContain('The email address is not valid.');
  });

  it('writes through batch upserts when the connector describes them, and links the same records', async () => {
    target = batchTarget();
    target.put('members', 'm-old', { email: 'person3@example.org', name: 'Old name' }, at(0));
    const result = await runFlow(flow, deps(), 'manual');
    expect(result.counts).toMatchObject({ read: 21, failed: 1 });
    expect(target.writes.every((w) => w === 'batchUpsert members')).toBe(true);
    expect(target.records('members').size).toBe(20);
    // Every record touched again at the source with the same content: read again from
    // the cursor, each found unchanged through its record link, nothing written.
    for (let i = 1; i <= 20; i++)
      source.put('people', `p${i}`, { mail: `Person${i}@Example.org`, name: `Person ${i}` }, at(50 + i));
    const before = target.records('members');
    const again = await runFlow(flow, deps(), 'manual');
    // The refused record, unchanged, waits in the failure queue: not sent again (issue 14).
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 21, failed: 0 });
    expect(target.records('members')).toEqual(before);
  });
});
