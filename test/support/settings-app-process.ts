/**
 * One app process of the cross-process settings tests (forked by them): the test app on
 * `redisStore`, its organisation settings on PostgreSQL (`postgresOrganisationSettings`),
 * the real clock and express-session's own in-process store. Every query its pool runs is
 * counted, so a test can tell how many settings reads a request cost. Memberships:
 * alice and bob in riverside (bob as a vet), carol in hillside.
 * Test-only routes: POST /test/settings {orgId, changes, by}, GET /test/status,
 * GET /test/revocation (for `AppProcess.waitLive`).
 */
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { Redis } from 'ioredis';
import pg from 'pg';
import { postgresOrganisationSettings, redisStore } from '../../src/index.js';
import { internalsOf } from '../../src/testing/index.js';
import { makeTestApp } from './test-app.ts';

const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
redis.on('error', () => {});
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${process.env.PG_SCHEMA}`, max: 4, connectionTimeoutMillis: 1000 });
pool.on('error', () => {});

let pgQueries = 0;
const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
(pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
  pgQueries += 1;
  return query(...args);
};
// A write's transaction takes a connection of its own (pool.query uses connect(callback) inside: not counted twice).
const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
(pool as unknown as { connect: unknown }).connect = (...args: unknown[]) => {
  if (args.length === 0) pgQueries += 1;
  return connect(...args);
};

const memberships: Record<string, { id: string; roles?: string[] }[]> = {
  alice: [{ id: 'riverside' }],
  bob: [{ id: 'riverside', roles: ['vet'] }],
  carol: [{ id: 'hillside' }],
};
const { app, twoStep } = makeTestApp(redisStore(redis, { timeoutSeconds: 0.5 }), { now: Date.now }, {
  users: { id: (u) => u.id, label: (u) => u.username, organisations: (u) => memberships[u.username] ?? [] },
  organisationSettings: postgresOrganisationSettings(pool, { timeoutSeconds: 1 }),
  setupPrompt: false,
});
const cache = internalsOf(twoStep).settingsCache!;

app.post('/test/settings', express.json(), async (req: Request, res: Response) => {
  const { orgId, changes, by } = req.body;
  res.json(await twoStep.organisations.update(orgId, changes, { by }));
});
app.get('/test/status', (_req: Request, res: Response) => {
  res.json({ pgQueries, settings: { live: cache.live, cached: cache.size }, revocation: twoStep.revocationStatus() });
});
app.get('/test/revocation', (_req: Request, res: Response) => res.json(twoStep.revocationStatus()));

const server = app.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port, pid: process.pid });
});
process.on('disconnect', () => {
  server.close();
  redis.disconnect();
  void pool.end();
});
