import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncError } from '../../reliability/error-classes.ts';
import { readAll } from '../../testing/connector-test-kit.ts';
import { open, prepared, type DatabaseFixture } from '../../testing/database-connector-suite.ts';
import { useDatabaseServer, type DatabaseServerForTests } from '../../testing/database-servers.ts';
import { localhostCertificate } from '../../testing/localhost-tls.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';
import { mysqlConnector } from './mysql-connector.ts';
import { postgresConnector } from './postgres-connector.ts';

// Encryption to a database server: PostgreSQL and MariaDB started with TLS on (the
// localhost test certificate), reached with Encryption off, "require" and "verify" with
// and without the CA file. What the session itself says about its encryption is read
// with a saved query, through the connector.

const folder = makeTempDir('patchbay-ca-');
afterAll(() => folder.dispose());
const caFile = join(folder.dir, 'office-ca.pem');
writeFileSync(caFile, localhostCertificate);

const engines: [string, DatabaseServerForTests, DatabaseFixture['definition'], string][] = [
  [
    'PostgreSQL',
    useDatabaseServer('postgres', { tls: true }),
    postgresConnector,
    'session = SELECT pid, ssl::text AS encrypted FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
  ],
  [
    'MariaDB',
    useDatabaseServer('mariadb', { tls: true }),
    mysqlConnector,
    "session = SELECT VARIABLE_NAME AS name, CASE WHEN VARIABLE_VALUE = '' THEN 'false' ELSE 'true' END AS encrypted FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_CIPHER'",
  ],
];

describe.each(engines)('%s with TLS', (_name, server, definition, sessionQuery) => {
  async function encrypted(tls: Record<string, string>): Promise<unknown> {
    const db = await server.testDatabase();
    const fixture = { definition } as DatabaseFixture;
    const connector = await prepared(open(fixture, db, { queries: sessionQuery, ...tls }));
    const { records } = await readAll(connector, 'session');
    return records[0]?.fields.encrypted;
  }

  it('encrypts with "require" and with "verify" against the CA file, and not when off', async () => {
    expect(await encrypted({ tls: 'require' })).toBe('true');
    expect(await encrypted({ tls: 'verify', caFile })).toBe('true');
    expect(await encrypted({ tls: 'off' })).toBe('false');
  });

  it('refuses a certificate it cannot check, in plain words', async () => {
    const db = await server.testDatabase();
    const error = (await open({ definition } as DatabaseFixture, db, { tls: 'verify' })
      .check()
      .catch((e: unknown) => e)) as SyncError;
    expect(error.errorClass).toBe('network');
    expect(error.message).toContain('could not check the certificate of 127.0.0.1');
    const missing = (await open({ definition } as DatabaseFixture, db, {
      tls: 'verify',
      caFile: join(folder.dir, 'nope.pem'),
    })
      .check()
      .catch((e: unknown) => e)) as SyncError;
    expect(missing.message).toContain('cannot read the CA certificate file');
  });
});
