/**
 * A database of its own on the test PostgreSQL (postgres-server.ts) for an app that runs in
 * its own process and makes its own tables, as apps do: created empty, dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgres } from './postgres-server.js';

export interface AppDatabase {
  url: string;
  /** A client on it, to set it up or look at what the app stored. */
  client: pg.Client;
  drop(): Promise<void>;
}

async function asAdmin(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function createAppDatabase(prefix: string): Promise<AppDatabase> {
  const server = await testPostgres();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await asAdmin(server.url, `CREATE DATABASE ${name}`);
  const target = new URL(server.url);
  target.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  return {
    url: target.toString(),
    client,
    async drop() {
      await client.end();
      await asAdmin(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
