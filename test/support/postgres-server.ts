/**
 * A PostgreSQL server for the tests. `TEST_DATABASE_URL`, when set, names one to use;
 * otherwise the tests start their own from Debian's `postgresql` binaries
 * (/usr/lib/postgresql/<version>/bin) on a free loopback port, exactly as they start their
 * own redis-server: `initdb` once into a cached template folder, then a copy of it per test
 * process, killed when the process exits. initdb refuses to run as root, so as root the
 * tools run as the `postgres` user (which Debian's package creates).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from './redis-server.ts';

export interface TestPostgresServer {
  /** A connection string for a database the tests may create schemas in. */
  url: string;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort() : [];
  const latest = versions.at(-1);
  if (!latest) {
    throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql: apt-get install postgresql, or set TEST_DATABASE_URL.');
  }
  return join(root, latest, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** As root, the uid/gid to run PostgreSQL's tools as (spawned directly, so killing the child kills the server). */
function postgresIds(): { uid: number; gid: number } | Record<string, never> {
  if (!asRoot) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function runAsPostgres(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: 'pipe', ...postgresIds() });
}

function chownToPostgres(path: string): void {
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', path]);
}

/** initdb is the slow part (~1 s): done once per machine and copied for every test process. */
function templateDir(bin: string): string {
  const dir = join(tmpdir(), `twostep-pg-template-${bin.split('/').at(-2)}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const building = mkdtempSync(join(tmpdir(), 'twostep-pg-initdb-'));
  chownToPostgres(building);
  runAsPostgres(join(bin, 'initdb'), ['-D', building, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  try {
    execFileSync('mv', ['-T', building, dir]);
  } catch {
    // Another test process built it first: use theirs.
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

let started: Promise<TestPostgresServer> | undefined;

export function testPostgres(): Promise<TestPostgresServer> {
  return (started ??= start());
}

async function start(): Promise<TestPostgresServer> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL };
  const bin = postgresBin();
  const template = templateDir(bin);
  const dataDir = mkdtempSync(join(tmpdir(), 'twostep-pg-'));
  execFileSync('cp', ['-a', `${template}/.`, dataDir]);
  chownToPostgres(dataDir);
  const port = await freePort();
  const args = ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'];
  const child = spawn(join(bin, 'postgres'), args, { stdio: 'ignore', ...postgresIds() });
  children.add(child);
  // The server must not keep the test process alive; the exit handler kills it.
  child.unref();
  child.once('exit', () => {
    children.delete(child);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return { url };
    } catch {
      await client.end().catch(() => {});
      await sleep(100);
    }
  }
  throw new Error(`the test PostgreSQL on port ${port} did not start`);
}
