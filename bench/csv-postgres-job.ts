// One measured CSV → PostgreSQL job, in its own process (so its peak RSS is its own):
//   copy         the physical floor: the server's own COPY of the file into a text staging
//                table, then one INSERT … SELECT turning decimal commas and dotted dates
//                into numbers and dates (no client in the way at all);
//   handwritten  the script someone would write: read the file, decode Windows-1252,
//                split on ; and insert 1,000 rows per INSERT … ON CONFLICT in one transaction each;
//   patchbay     a workspace with a "Folder of spreadsheets" app and a PostgreSQL app, one
//                flow, one `flows.run` through the public API.
// Input in PATCHBAY_BENCH_CSV_JOB (never argv: it holds the password); one JSON line out.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import pg from 'pg';
import { peakRssKb, timed } from './job-protocol.ts';

export const csvJobVariable = 'PATCHBAY_BENCH_CSV_JOB';

export interface CsvJobInput {
  job: 'copy' | 'handwritten' | 'patchbay';
  csvFile: string;
  rows: number;
  db: { host: string; port: number; user: string; password: string; database: string };
}

type Timed = { ms: number; cpuMs: number };

export interface CsvJobResult {
  syncMs: number;
  /** This process's CPU time in the sync (the database server's is not in it). */
  cpuMs: number;
  maxRssKb: number;
}

async function copy(input: CsvJobInput): Promise<Timed> {
  const client = new pg.Client(input.db);
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE staging (nr text, kunde text, betrag text, datum text)');
    const measured = await timed(async () => {
      await client.query('BEGIN');
      // The server reads the file itself: superuser (or pg_read_server_files) only, as on a DBA's own machine.
      await client.query(
        `COPY staging FROM '${input.csvFile.replaceAll("'", "''")}' WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'WIN1252')`,
      );
      await client.query(`INSERT INTO kunden (nr, kunde, betrag, datum)
        SELECT nr::integer, kunde, replace(betrag, ',', '.')::numeric, to_date(datum, 'DD.MM.YYYY') FROM staging`);
      await client.query('COMMIT');
    });
    return measured;
  } finally {
    await client.end();
  }
}

async function handwritten(input: CsvJobInput): Promise<Timed> {
  const client = new pg.Client(input.db);
  await client.connect();
  try {
    const measured = await timed(async () => {
      const lines = new TextDecoder('windows-1252').decode(readFileSync(input.csvFile)).split('\r\n');
      const rows = lines
        .slice(1)
        .filter((line) => line !== '')
        .map((line) => {
          const [nr, kunde, betrag, datum] = line.split(';') as [string, string, string, string];
          const [d, m, y] = datum.split('.');
          return [Number(nr), kunde, Number(betrag.replace(',', '.')), `${y}-${m}-${d}`];
        });
      for (let start = 0; start < rows.length; start += 1000) {
        const chunk = rows.slice(start, start + 1000);
        const tuples = chunk.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`);
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO kunden (nr, kunde, betrag, datum) VALUES ${tuples.join(', ')}
           ON CONFLICT (nr) DO UPDATE SET kunde = EXCLUDED.kunde, betrag = EXCLUDED.betrag, datum = EXCLUDED.datum`,
          chunk.flat(),
        );
        await client.query('COMMIT');
      }
    });
    return measured;
  } finally {
    await client.end();
  }
}

async function patchbay(input: CsvJobInput): Promise<Timed> {
  // Loaded here only: the other jobs' peak RSS must not carry Patchbay's modules.
  const [{ openBenchCore }, { InMemorySecretStore }, { exportedCustomerMapping }] = await Promise.all([
    import('./bench-core.ts'),
    import('../core/testing/in-memory-secret-store.ts'),
    import('../core/testing/exported-csv.ts'),
  ]);
  // The bench is not about the keychain: the password stays in memory.
  const { call, dispose } = openBenchCore(new InMemorySecretStore(), 'patchbay-bench-csv-');
  try {
    const files = await call<{ id: string }>('apps.create', {
      name: 'Exports',
      connector: {
        kind: 'files',
        connector: 'folder',
        config: { folder: dirname(input.csvFile), pattern: basename(input.csvFile), key: 'Nr' },
      },
    });
    const { password, port, ...db } = input.db;
    const accounts = await call<{ id: string }>('apps.create', {
      name: 'Accounts',
      connector: { kind: 'database', connector: 'postgres', config: { ...db, port: String(port) } },
    });
    await call('secrets.set', { appId: accounts.id, value: password });
    const flow = await call<{ id: string }>('flows.create', {
      name: 'Exports to accounts',
      sourceAppId: files.id,
      sourceEntity: basename(input.csvFile, '.csv'),
      targetAppId: accounts.id,
      targetEntity: 'kunden',
      matchKey: 'nr',
      mapping: exportedCustomerMapping,
    });
    const { value: run, ...measured } = await timed(() =>
      call<{ status: string; counts: { created: number } }>('flows.run', { id: flow.id }),
    );
    if (run.status !== 'succeeded' || run.counts.created !== input.rows)
      throw new Error(
        `The run ended ${run.status} with ${run.counts.created} of ${input.rows} rows created.`,
      );
    return measured;
  } finally {
    dispose();
  }
}

if (process.env[csvJobVariable]) {
  const input = JSON.parse(process.env[csvJobVariable]) as CsvJobInput;
  try {
    const { ms: syncMs, cpuMs } = await { copy, handwritten, patchbay }[input.job](input);
    const result: CsvJobResult = { syncMs, cpuMs, maxRssKb: peakRssKb() };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`${input.job} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}
