import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import {
  startMariadb,
  startPostgres,
  stopServer,
  stopServerNow,
  type DatabaseEngine,
  type TestDatabaseServer,
} from '../../scripts/test-databases.ts';
import { localhostCertificate, localhostKey } from './localhost-tls.ts';

// A real PostgreSQL or MariaDB for a test file: started once by the project's script
// (scripts/test-databases.ts) on 127.0.0.1 with a throw-away data folder, stopped and
// removed after the file's tests. Each test takes a database of its own, so no test
// sees another's tables, and no test touches a server it did not start.

export interface DatabaseServerForTests {
  readonly engine: DatabaseEngine;
  readonly server: () => TestDatabaseServer;
  /** A new, empty database on the server; answers its name. */
  readonly freshDatabase: () => Promise<string>;
  /** An app's connection settings for `database` (the password goes to the keychain, not here). */
  readonly config: (database: string, extra?: Record<string, string>) => Record<string, string>;
  /** A fresh database as a connector test uses it: the app's settings, its password, SQL on it. */
  readonly testDatabase: () => Promise<{
    config: Record<string, string>;
    password: string;
    sql: (text: string, values?: readonly unknown[]) => Promise<Record<string, unknown>[]>;
  }>;
  /** Runs SQL in `database` as the server's superuser (to set tables up and look at them). */
  readonly sql: (
    database: string,
    text: string,
    values?: readonly unknown[],
  ) => Promise<Record<string, unknown>[]>;
}

// Dates and times as the server writes them, as the connector reads them too.
const textTimes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    [1082, 1114, 1184].includes(oid)
      ? (text: string) => text
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Starts the server before the file's tests and stops it after them. */
export function useDatabaseServer(
  engine: DatabaseEngine,
  options: { tls?: boolean } = {},
): DatabaseServerForTests {
  let started: TestDatabaseServer | undefined;
  beforeAll(async () => {
    const tls = options.tls ? { tls: { key: localhostKey, certificate: localhostCertificate } } : {};
    started = engine === 'postgres' ? await startPostgres(tls) : await startMariadb(tls);
    process.once('exit', stopIfStarted);
  }, 180_000);
  // A worker that ends without its afterAll still leaves no server running.
  const stopIfStarted = () => {
    if (started) stopServerNow(started.folder);
  };
  afterAll(async () => {
    process.off('exit', stopIfStarted);
    if (started) await stopServer(started.folder);
    started = undefined;
  }, 60_000);

  const server = () => {
    if (!started) throw new Error(`The ${engine} test server has not started.`);
    return started;
  };

  async function sql(database: string | undefined, text: string, values: readonly unknown[] = []) {
    const { host, port, user, password } = server();
    if (engine === 'postgres') {
      const client = new pg.Client({
        host,
        port,
        user,
        password,
        database: database ?? 'postgres',
        types: textTimes,
      });
      await client.connect();
      try {
        return (await client.query({ text, values: [...values] })).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    }
    const connection = await mysql.createConnection({
      host,
      port,
      user,
      password,
      ...(database ? { database } : {}),
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    try {
      const [rows] = await connection.query(text, [...values] as unknown[] as string[]);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    } finally {
      await connection.end();
    }
  }

  async function freshDatabase() {
    const name = `t_${randomBytes(6).toString('hex')}`;
    await sql(undefined, `CREATE DATABASE ${name}`);
    return name;
  }
  const config = (database: string, extra: Record<string, string> = {}) => ({
    host: server().host,
    port: String(server().port),
    database,
    user: server().user,
    ...extra,
  });

  return {
    engine,
    server,
    freshDatabase,
    config,
    async testDatabase() {
      const name = await freshDatabase();
      return {
        config: config(name),
        password: server().password,
        sql: (text: string, values?: readonly unknown[]) => sql(name, text, values),
      };
    },
    sql: (database, text, values) => sql(database, text, values),
  };
}
