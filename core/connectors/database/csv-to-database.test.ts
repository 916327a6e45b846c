import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeText } from '../files/text-encoding.ts';
import { openFolderKit, type FolderKit } from '../files/folder-test-kit.ts';
import { useDatabaseServer, type DatabaseServerForTests } from '../../testing/database-servers.ts';
import {
  exportedCustomerMapping,
  exportedCustomers,
  exportedTotal,
  kundenTable,
} from '../../testing/exported-csv.ts';

// Issue 13's "done when": a 100,000-row CSV exported by hand (semicolons, Windows-1252,
// decimal commas, dotted dates) syncs into PostgreSQL and into MariaDB, every row once
// with its types right; re-exported with ten rows changed, exactly ten rows are written.
// A trigger in the database counts every row written, so "exactly" is the database's word.

const rows = 100_000;
const changed = new Map(Array.from({ length: 10 }, (_, i) => [i * 9_973 + 17, `Geändert ${i} – 5 €`]));

const csv = (names?: ReadonlyMap<number, string>) => exportedCustomers(rows, names);

const engines: [string, DatabaseServerForTests, string, string[]][] = [
  [
    'PostgreSQL',
    useDatabaseServer('postgres'),
    'postgres',
    [
      kundenTable,
      'CREATE TABLE writes (nr integer NOT NULL)',
      `CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN INSERT INTO writes VALUES (NEW.nr); RETURN NEW; END $$`,
      'CREATE TRIGGER counted AFTER INSERT OR UPDATE ON kunden FOR EACH ROW EXECUTE FUNCTION count_write()',
    ],
  ],
  [
    'MariaDB',
    useDatabaseServer('mariadb'),
    'mysql',
    [
      'CREATE TABLE kunden (nr int PRIMARY KEY, kunde varchar(200) NOT NULL, betrag decimal(12, 2) NOT NULL, datum date NOT NULL) CHARACTER SET utf8mb4',
      'CREATE TABLE writes (nr int NOT NULL)',
      'CREATE TRIGGER counted_insert AFTER INSERT ON kunden FOR EACH ROW INSERT INTO writes VALUES (NEW.nr)',
      'CREATE TRIGGER counted_update AFTER UPDATE ON kunden FOR EACH ROW INSERT INTO writes VALUES (NEW.nr)',
    ],
  ],
];

let kit: FolderKit | undefined;
afterEach(() => {
  kit?.dispose();
  kit = undefined;
});

describe.each(engines)('a 100,000-row CSV into %s', (_name, server, connector, schema) => {
  it('syncs every row once with its types, and a re-export with ten changed rows writes exactly ten', async () => {
    const db = await server.testDatabase();
    for (const statement of schema) await db.sql(statement);
    kit = openFolderKit();
    const inbox = kit.folder('exports');
    writeFileSync(join(inbox, 'kunden.csv'), encodeText(csv(), 'windows-1252'));
    const source = await kit.folderApp('Exports', { folder: inbox, pattern: 'kunden.csv', key: 'Nr' });
    const target = await kit.call('apps.create', {
      name: 'Accounts database',
      category: 'database',
      connector: { kind: 'database', connector, config: db.config },
    });
    await kit.call('secrets.set', { appId: target.id, value: db.password });
    const flow = await kit.call('flows.create', {
      name: 'Exported customers into the accounts database',
      sourceAppId: source.id,
      sourceEntity: 'kunden',
      targetAppId: target.id,
      targetEntity: 'kunden',
      matchKey: 'nr',
      mapping: exportedCustomerMapping,
    });

    const first = await kit.call('flows.run', { id: flow.id });
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: rows, created: rows, failed: 0 } });
    const [totals] = await db.sql(
      'SELECT COUNT(*) AS n, COUNT(DISTINCT nr) AS distinct_nr, SUM(betrag) AS betrag, MIN(datum) AS first_day, MAX(datum) AS last_day FROM kunden',
    );
    expect(Number(totals!.n)).toBe(rows);
    expect(Number(totals!.distinct_nr)).toBe(rows);
    // 1,50 + 2,50 + … : each amount arrived as a number with its decimal comma read.
    expect(String(totals!.betrag)).toBe(exportedTotal(rows));
    expect(String(totals!.first_day).slice(0, 10)).toBe('2026-11-01');
    expect(String(totals!.last_day).slice(0, 10)).toBe('2026-11-28');
    const [row] = await db.sql('SELECT kunde, betrag FROM kunden WHERE nr = 4711');
    expect(row).toMatchObject({ kunde: 'Müller & Söhne 4711 €' });
    expect(String(row!.betrag)).toBe('4711.50');
    expect(Number((await db.sql('SELECT COUNT(*) AS n FROM writes'))[0]!.n)).toBe(rows);

    await db.sql('DELETE FROM writes');
    writeFileSync(join(inbox, 'kunden.csv'), encodeText(csv(changed), 'windows-1252'));
    const second = await kit.call('flows.run', { id: flow.id });
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 10, failed: 0 } });
    const written = await db.sql('SELECT nr FROM writes ORDER BY nr');
    expect(written.map((w) => Number(w.nr))).toEqual([...changed.keys()].sort((a, b) => a - b));
    const [again] = await db.sql('SELECT kunde FROM kunden WHERE nr = 17');
    expect(again!.kunde).toBe('Geändert 0 – 5 €');
  }, 600_000);
});
