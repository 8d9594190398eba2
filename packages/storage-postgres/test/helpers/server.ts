// Vitest global setup: a PostgreSQL server for the whole test run. With DATABASE_URL (a role that may
// create roles and databases) the tests use that server; otherwise a throw-away server is made from
// Debian's PostgreSQL (/usr/lib/postgresql/<version>/bin): `initdb` into a temporary folder as the
// `postgres` user (when running as root), started on a free loopback port with its unix socket in that
// folder, stopped and deleted at the end, also when the run fails. Tests get the addresses through
// `inject('postgres')` (see ./db.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** What the tests get: an administrator's connection and the two roles every test database uses. */
export interface PostgresTestServer {
  /** Connection settings of a role that may create databases and roles (the server's superuser). */
  readonly admin: pg.ClientConfig;
  /** The role that owns the tables (runs the migrations). */
  readonly owner: { readonly user: string; readonly password: string };
  /** The engine's role: LOGIN, NOSUPERUSER, NOBYPASSRLS, not the tables' owner. */
  readonly engine: { readonly user: string; readonly password: string };
  /** Host and port the two roles connect to (TCP, password authentication). */
  readonly host: string;
  /** The port. */
  readonly port: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresTestServer;
  }
}

/** The newest Debian PostgreSQL whose `initdb` exists, or undefined. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : join(root, versions[0]!, 'bin');
}

/** A loopback TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when we are root (the server refuses to run as root). */
function runAsServerUser(program: string, args: readonly string[]): void {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, [...args]];
  execFileSync(cmd, argv, { stdio: 'pipe', encoding: 'utf8' });
}

const suffix = randomBytes(4).toString('hex');
const owner = { user: `drift_owner_${suffix}`, password: randomBytes(12).toString('hex') };
const engine = { user: `drift_engine_${suffix}`, password: randomBytes(12).toString('hex') };

async function createRoles(admin: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    // Role names are generated above; passwords are hex: both safe to write into the statement.
    await client.query(`create role ${owner.user} login password '${owner.password}' nosuperuser createdb`);
    await client.query(
      `create role ${engine.user} login password '${engine.password}' nosuperuser nobypassrls nocreatedb nocreaterole`,
    );
  } finally {
    await client.end();
  }
}

/** Drops the roles created above and every database they own (the DATABASE_URL case). */
async function dropRoles(admin: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    const owned = await client.query<{ datname: string }>(
      'select datname from pg_database where datdba = (select oid from pg_roles where rolname = $1)',
      [owner.user],
    );
    for (const { datname } of owned.rows)
      await client.query(`drop database if exists "${datname}" with (force)`);
    await client.query(`drop role if exists ${engine.user}`);
    await client.query(`drop role if exists ${owner.user}`);
  } finally {
    await client.end();
  }
}

let stop: (() => void | Promise<void>) | undefined;

/** Starts (or joins) the server and tells the tests where it is. */
export async function setup(project: TestProject): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    const parsed = new URL(url);
    const admin: pg.ClientConfig = { connectionString: url };
    await createRoles(admin);
    stop = () => dropRoles(admin);
    project.provide('postgres', {
      admin,
      owner,
      engine,
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
    });
    return;
  }
  const bin = postgresBin();
  if (bin === undefined) {
    throw new Error(
      "no PostgreSQL server for the tests: set DATABASE_URL, or install Debian's postgresql package (it provides /usr/lib/postgresql/<version>/bin/initdb)",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'drift-pg-'));
  const data = join(dir, 'data');
  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    if (existsSync(join(data, 'postmaster.pid'))) {
      spawnSync(isRoot ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(isRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        '-m',
        'fast',
        '-w',
        'stop',
      ]);
    }
    // Retried: a server process that is still exiting may add a file while the folder is removed.
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  };
  // Also when the run ends without reaching teardown: an interrupted or killed run.
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  try {
    if (isRoot) {
      const { uid, gid } = serverUser();
      chownSync(dir, uid, gid);
    }
    chmodSync(dir, 0o700);
    runAsServerUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--no-instructions',
      '--no-sync',
    ]);
    let port = 0;
    for (let tries = 1; ; tries++) {
      port = await freePort();
      try {
        runAsServerUser(join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-l',
          join(dir, 'server.log'),
          '-w',
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
          'start',
        ]);
        break;
      } catch (error) {
        // Another process may have taken the port between the probe and the start.
        if (tries >= 3) {
          const log = existsSync(join(dir, 'server.log'))
            ? readFileSync(join(dir, 'server.log'), 'utf8')
            : '';
          throw new Error(`the test PostgreSQL server did not start: ${String(error)}\n${log.slice(-2000)}`);
        }
      }
    }
    const admin: pg.ClientConfig = { host: dir, port, user: 'postgres', database: 'postgres' };
    await createRoles(admin);
    stop = cleanup;
    project.provide('postgres', { admin, owner, engine, host: '127.0.0.1', port });
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** Stops the server and deletes its folder (or drops what the run created on DATABASE_URL's server). */
export async function teardown(): Promise<void> {
  await stop?.();
}

function serverUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
