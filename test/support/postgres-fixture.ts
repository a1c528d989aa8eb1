/**
 * Each test file works in its own schema of the test PostgreSQL (see `postgres-server.ts`),
 * created before its tests and dropped after them; `search_path` points the pool at it,
 * so the default table names land there.
 */
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import pg from 'pg';
import { testPostgres } from './postgres-server.ts';

export interface PostgresFixture {
  readonly url: string;
  readonly schema: string;
  /** A pool whose connections use the file's schema. */
  readonly pool: pg.Pool;
  /** A new pool on the same schema (close it yourself); `port` reaches the server through a proxy. */
  makePool(overrides?: pg.PoolConfig & { port?: number }): pg.Pool;
  /** Empties every table of the schema between tests. */
  truncate(): Promise<void>;
}

export function usePostgres(): PostgresFixture {
  const schema = `twostep_test_${randomBytes(6).toString('hex')}`;
  let url = '';
  let pool: pg.Pool | undefined;
  const makePool = ({ port, ...overrides }: pg.PoolConfig & { port?: number } = {}) => {
    // node-postgres lets the connection string win over host/port: rewrite the string instead.
    const target = new URL(url);
    if (port !== undefined) target.port = String(port);
    const made = new pg.Pool({ connectionString: target.toString(), max: 10, options: `-c search_path=${schema}`, ...overrides });
    made.on('error', () => {});
    return made;
  };
  before(async () => {
    url = (await testPostgres()).url;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    pool = makePool();
  });
  after(async () => {
    await pool?.end();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  return {
    get url() {
      return url;
    },
    schema,
    get pool() {
      return pool!;
    },
    makePool,
    async truncate() {
      const { rows } = await pool!.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
      if (rows.length > 0) await pool!.query(`TRUNCATE ${rows.map((r) => `${schema}."${r.tablename}"`).join(', ')}`);
    },
  };
}
