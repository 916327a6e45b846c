// Throw-away PostgreSQL and MariaDB servers for the tests: each on 127.0.0.1, on a free
// port, with its own data directory in a temp folder, removed when stopped. The tests
// start them through core/testing/database-servers.ts; by hand:
//   node scripts/test-databases.ts start postgres|mariadb   (prints the server as JSON)
//   node scripts/test-databases.ts stop <folder>
// They come from the Debian packages `postgresql` and `mariadb-server` (.ci/run installs
// them); a missing one is an error naming the package, never a silent skip.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type DatabaseEngine = 'postgres' | 'mariadb';

export interface TestDatabaseServer {
  readonly engine: DatabaseEngine;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** A superuser that signs in with a password over TCP. */
  readonly user: string;
  readonly password: string;
  /** The temp folder holding the data directory, the socket and the log; `stop` removes it. */
  readonly folder: string;
  /** Set when the server was started with TLS (the localhost certificate of core/testing/localhost-tls.ts). */
  readonly tls: boolean;
}

const user = 'patchbay';
const password = 'test-server-password';
// Root may not run PostgreSQL (initdb and postgres refuse it) and MariaDB wants to be told.
const asRoot = process.getuid?.() === 0;
const serviceUser = 'postgres';

export function missingPackage(engine: DatabaseEngine): string {
  return engine === 'postgres'
    ? 'PostgreSQL is not installed on this machine: install the Debian package "postgresql" (apt-get install postgresql); .ci/run does this.'
    : 'MariaDB is not installed on this machine: install the Debian package "mariadb-server" (apt-get install mariadb-server); .ci/run does this.';
}

/** PostgreSQL's server programs: the newest /usr/lib/postgresql/<version>/bin, as Debian installs them. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(missingPackage('postgres'));
  return join(root, versions[0]!, 'bin');
}

function mariadbProgram(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin'])
    if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(missingPackage('mariadb'));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Runs a program as the service user when we are root (PostgreSQL refuses root). */
function asServiceUser(program: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', serviceUser, '--', program, ...args]] : [program, args];
}

function run(program: string, args: string[], what: string): void {
  try {
    execFileSync(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${what} failed: ${String(output.stderr ?? '')}${String(output.stdout ?? '')}`.trim());
  }
}

function writeOwned(path: string, text: string, mode: number): void {
  writeFileSync(path, text, { mode });
  if (asRoot) chownSync(path, uidOf(serviceUser), gidOf(serviceUser));
}

function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}
const uidOf = (name: string) => idOf('-u', name);
const gidOf = (name: string) => idOf('-g', name);

export async function startPostgres(
  options: { tls?: { key: string; certificate: string } } = {},
): Promise<TestDatabaseServer> {
  const bin = postgresBin();
  const folder = mkdtempSync(join(tmpdir(), 'patchbay-pg-'));
  chmodSync(folder, 0o700);
  if (asRoot) chownSync(folder, uidOf(serviceUser), gidOf(serviceUser));
  const data = join(folder, 'data');
  writeOwned(join(folder, 'password'), password, 0o600);
  run(
    ...asServiceUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      user,
      `--pwfile=${join(folder, 'password')}`,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]),
    'initdb',
  );
  const settings = [
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=60',
  ];
  if (options.tls) {
    writeOwned(join(folder, 'server.key'), options.tls.key, 0o600);
    writeOwned(join(folder, 'server.crt'), options.tls.certificate, 0o644);
    settings.push(
      '-c',
      'ssl=on',
      '-c',
      `ssl_key_file=${join(folder, 'server.key')}`,
      '-c',
      `ssl_cert_file=${join(folder, 'server.crt')}`,
    );
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const serverOptions = ['-h', '127.0.0.1', '-p', String(port), '-k', folder, ...settings].join(' ');
    try {
      run(
        ...asServiceUser(join(bin, 'pg_ctl'), [
          'start',
          '-w',
          '-t',
          '60',
          '-D',
          data,
          '-l',
          join(folder, 'log'),
          '-o',
          serverOptions,
        ]),
        'Starting PostgreSQL',
      );
      return {
        engine: 'postgres',
        host: '127.0.0.1',
        port,
        user,
        password,
        folder,
        tls: options.tls !== undefined,
      };
    } catch (error) {
      // Another process may have taken the port between asking and binding.
      if (attempt >= 2) throw new Error(`${(error as Error).message}\n${readLog(folder)}`);
    }
  }
}

export async function startMariadb(
  options: { tls?: { key: string; certificate: string } } = {},
): Promise<TestDatabaseServer> {
  const mariadbd = mariadbProgram('mariadbd');
  const installDb = mariadbProgram('mariadb-install-db');
  const folder = mkdtempSync(join(tmpdir(), 'patchbay-maria-'));
  const data = join(folder, 'data');
  run(
    installDb,
    [
      '--no-defaults',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...(asRoot ? ['--user=root'] : []),
    ],
    'mariadb-install-db',
  );
  const socket = join(folder, 'mysql.sock');
  const tls: string[] = [];
  if (options.tls) {
    writeFileSync(join(folder, 'server.key'), options.tls.key, { mode: 0o600 });
    writeFileSync(join(folder, 'server.crt'), options.tls.certificate);
    tls.push(`--ssl-key=${join(folder, 'server.key')}`, `--ssl-cert=${join(folder, 'server.crt')}`);
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      mariadbd,
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${socket}`,
        `--pid-file=${join(folder, 'mariadb.pid')}`,
        `--log-error=${join(folder, 'log')}`,
        '--skip-name-resolve',
        '--innodb-flush-log-at-trx-commit=0',
        '--innodb-buffer-pool-size=64M',
        '--skip-log-bin',
        '--max-connections=100',
        ...tls,
        ...(asRoot ? ['--user=root'] : []),
      ],
      { detached: true, stdio: 'ignore' },
    );
    child.unref();
    writeFileSync(join(folder, 'server.pid'), String(child.pid));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const ready = await waitFor(async () => {
      if (child.exitCode !== null) return 'exited';
      return (await grantOverSocket(socket)) ? 'ready' : undefined;
    }, exited);
    if (ready === 'ready')
      return {
        engine: 'mariadb',
        host: '127.0.0.1',
        port,
        user,
        password,
        folder,
        tls: options.tls !== undefined,
      };
    if (attempt >= 2) throw new Error(`MariaDB did not start:\n${readLog(folder)}`);
  }
}

/** Creates the password user once the server answers on its socket; false while it does not yet. */
async function grantOverSocket(socketPath: string): Promise<boolean> {
  const mysql = await import('mysql2/promise');
  let connection;
  try {
    connection = await mysql.createConnection({ socketPath, user: 'root' });
  } catch {
    return false;
  }
  try {
    await connection.query(`CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${password}'`);
    await connection.query(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'%' WITH GRANT OPTION`);
    return true;
  } finally {
    await connection.end();
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, gaveUp: Promise<void>): Promise<T | 'exited'> {
  let stopped = false;
  void gaveUp.then(() => (stopped = true));
  for (let i = 0; i < 1200; i++) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    if (stopped) return 'exited';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'exited';
}

function readLog(folder: string): string {
  try {
    return readFileSync(join(folder, 'log'), 'utf8').slice(-3000);
  } catch {
    return '';
  }
}

/** Stops the server started in `folder` and removes the folder, data and all. */
export async function stopServer(folder: string): Promise<void> {
  stopPostgresIn(folder);
  const pid = mariadbPid(folder);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 600 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(folder, { recursive: true, force: true });
}

/**
 * Stops the server at once, synchronously, for a process that is exiting without its
 * afterAll (a test worker ended early): no server is left running behind it.
 */
export function stopServerNow(folder: string): void {
  stopPostgresIn(folder);
  const pid = mariadbPid(folder);
  if (pid !== undefined) process.kill(pid, 'SIGKILL');
  rmSync(folder, { recursive: true, force: true });
}

/** A PostgreSQL of `folder`, stopped at once (its data is thrown away anyway). */
function stopPostgresIn(folder: string): void {
  if (!existsSync(join(folder, 'data', 'postmaster.pid'))) return;
  try {
    const args = ['stop', '-m', 'immediate', '-w', '-D', join(folder, 'data')];
    run(...asServiceUser(join(postgresBin(), 'pg_ctl'), args), 'Stopping PostgreSQL');
  } catch {
    // Already stopped.
  }
}

/** The MariaDB started in `folder`, while it runs. */
function mariadbPid(folder: string): number | undefined {
  const pidFile = join(folder, 'server.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  return isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, argument] = process.argv.slice(2);
  if (command === 'start' && (argument === 'postgres' || argument === 'mariadb')) {
    const server = argument === 'postgres' ? await startPostgres() : await startMariadb();
    console.log(JSON.stringify(server, null, 2));
  } else if (command === 'stop' && argument) {
    await stopServer(argument);
  } else {
    console.error('Usage: node scripts/test-databases.ts start postgres|mariadb | stop <folder>');
    process.exit(2);
  }
}
