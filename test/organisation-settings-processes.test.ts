/**
 * Organisation settings live in every process: two separate Node app processes (A and B),
 * each its own Express app, sharing one real redis-server (counters, enrolments, the
 * announcement channel) and one real PostgreSQL (the settings). A change made through A's
 * `twoStep.organisations.update` decides the next sign-in on B within 1 s; B restarted, or
 * deaf (its subscriber killed with CLIENT KILL), while the change was made still applies it;
 * settings B cannot read refuse the sign-in with 503. B counts its PostgreSQL queries and
 * the server its Redis commands, so "a warm cache reads no settings" is measured, not assumed.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { postgresOrganisationSettings } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer, type TestRedisServer } from './support/redis-server.ts';
import { startAppProcess, type AppProcess } from './support/app-process.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { startStallingProxy, type StallingProxy } from './support/stalling-proxy.ts';
import { logIn, type Agent } from './support/test-app.ts';

const JSON_TYPE = 'application/json';
const settingsApp = fileURLToPath(new URL('./support/settings-app-process.ts', import.meta.url));
const postgres = usePostgres();
let redisServer: TestRedisServer;
let admin: Redis;
let proxy: StallingProxy;
let a: AppProcess;
let b: AppProcess;

interface Status { pgQueries: number; settings: { live: boolean; cached: number } }
const status = async (app: AppProcess) => (await app.agent().get('/test/status')).body as Status;

/** B's PostgreSQL queries while `run` goes. */
async function pgQueriesDuring(app: AppProcess, run: () => Promise<void>): Promise<number> {
  const before = (await status(app)).pgQueries;
  await run();
  return (await status(app)).pgQueries - before;
}

/** Calls per Redis command while `run` goes, from INFO commandstats (the reads themselves left out). */
async function redisCommandsDuring(run: () => Promise<void>): Promise<Record<string, number>> {
  await admin.config('RESETSTAT');
  await run();
  const counts: Record<string, number> = {};
  for (const line of (await admin.info('commandstats')).split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match && !['info', 'config|resetstat'].includes(match[1]!)) counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

async function change(app: AppProcess, orgId: string, changes: Record<string, unknown>): Promise<void> {
  const res = await app.agent().post('/test/settings').send({ orgId, changes, by: `admin-on-${app.pid}` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** A fresh browser's password step on `app`: 'signed-in', 'setup' (forced setup) or 'challenged'. */
async function signIn(app: AppProcess, username: string, agent: Agent = app.agent()): Promise<string> {
  const res = await logIn(agent, username);
  if (res.status === 200) return 'signed-in';
  if (res.status === 401 && res.body.setupUrl) return 'setup';
  if (res.status === 401 && res.body.error === 'second_factor_required') return 'challenged';
  return `${res.status} ${res.body.error}`;
}

async function killSubscriberOf(app: AppProcess): Promise<void> {
  const list = (await admin.client('LIST')) as string;
  const line = list.split('\n').find((l) => l.includes(` name=twostep-revocations-${app.pid} `));
  assert.ok(line, `process ${app.pid} has a subscriber connection`);
  assert.match(line, / sub=1 /, 'one connection and one channel carry revocations and settings changes');
  const id = /^id=(\d+)/.exec(line)![1]!;
  assert.equal(await admin.call('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes', 'ID', id), 1);
}

const startB = () => startAppProcess({ REDIS_URL: redisServer.url, DATABASE_URL: proxiedUrl(), PG_SCHEMA: postgres.schema }, settingsApp);
/** B reaches PostgreSQL through a proxy the test can stall (A goes direct). */
function proxiedUrl(): string {
  const url = new URL(postgres.url);
  url.port = String(proxy.port);
  return url.toString();
}

describe('organisation settings across two app processes (one redis-server, one PostgreSQL)', () => {
  before(async () => {
    redisServer = await startRedisServer();
    admin = new Redis(redisServer.url);
    await postgresOrganisationSettings(postgres.pool).createSchema();
    const target = new URL(postgres.url);
    proxy = await startStallingProxy({ host: target.hostname, port: Number(target.port) });
    [a, b] = await Promise.all([
      startAppProcess({ REDIS_URL: redisServer.url, DATABASE_URL: postgres.url, PG_SCHEMA: postgres.schema }, settingsApp),
      startB(),
    ]);
    await Promise.all([a.waitLive(), b.waitLive()]);
  });
  
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    admin?.disconnect();
    await proxy?.close();
    await redisServer?.stop();
  });

  it('a change made through A decides the next sign-in on B within 1 s; a warm cache reads no settings per sign-in or answer; a verified request makes no store command', async () => {
    assert.equal(await signIn(b, 'alice'), 'signed-in', 'nothing enforced yet');
    const warm = await pgQueriesDuring(b, async () => {
      for (let i = 0; i < 5; i += 1) assert.equal(await signIn(b, 'alice'), 'signed-in');
    });
    assert.equal(warm, 0, 'warm cache: 5 sign-ins on B, 0 settings queries');

    const started = Date.now();
    await change(a, 'riverside', { enforcement: 'all' });
    let outcome = await signIn(b, 'alice');
    while (outcome === 'signed-in' && Date.now() - started < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      outcome = await signIn(b, 'alice');
    }
    const latencyMs = Date.now() - started;
    assert.equal(outcome, 'setup', `B forced setup within 1 s (took ${latencyMs} ms)`);
    console.log(`# a settings change through A decided a sign-in on B after ${latencyMs} ms (the request to A included)`);

    // Enrol alice on B, then count what a sign-in and wrong answers on the challenge cost.
    const setup = b.agent();
    assert.equal(await signIn(b, 'alice', setup), 'setup');
    const started2 = await setup.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'totp' });
    assert.equal(started2.status, 201, JSON.stringify(started2.body));
    const confirmed = await setup.post(`/2fa/methods/${started2.body.id}/confirm`).set('Accept', JSON_TYPE)
      .send({ code: generateTotp({ secret: started2.body.secret, nowMs: Date.now() }) });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));

    const browser = b.agent();
    const answers = await pgQueriesDuring(b, async () => {
      assert.equal(await signIn(b, 'alice', browser), 'challenged');
      for (let i = 0; i < 3; i += 1) {
        const wrong = await browser.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: '000000' });
        assert.equal(wrong.status, 401, JSON.stringify(wrong.body));
      }
    });
    assert.equal(answers, 0, 'a sign-in and 3 wrong answers on B: 0 settings queries');

    const carol = b.agent();
    assert.equal(await signIn(b, 'carol', carol), 'signed-in');
    let queries = 0;
    const commands = await redisCommandsDuring(async () => {
      queries = await pgQueriesDuring(b, async () => {
        for (let i = 0; i < 20; i += 1) assert.equal((await carol.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
      });
    });
    assert.deepEqual([commands, queries], [{}, 0], '20 verified requests: no Redis command, no SQL');
  });

  it('B restarted while the change was made applies it at its first sign-in', async () => {
    await b.stop();
    await change(a, 'riverside', { enforcement: { roles: ['vet'] } });
    b = await startB();
    await b.waitLive();
    assert.equal(await signIn(b, 'bob'), 'setup', 'bob is a vet');
    assert.equal(await signIn(b, 'carol'), 'signed-in');
  });

  it('B deaf (its subscriber killed, resubscribing refused) does not trust its cache: it reads the settings at each sign-in, and empties its cache when it hears again', async () => {
    await change(a, 'riverside', { enforcement: 'off' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await signIn(b, 'bob'), 'signed-in');
    assert.equal(await pgQueriesDuring(b, async () => void await signIn(b, 'bob')), 0, 'warm');

    await admin.call('ACL', 'SETUSER', 'default', '-subscribe');
    try {
      await killSubscriberOf(b);
      await b.waitLive(false);
      assert.equal((await status(b)).settings.live, false);
      await change(a, 'riverside', { enforcement: 'all' });
      // The announcement went out while B could not hear it: B must not serve what it had.
      const reads = await pgQueriesDuring(b, async () => {
        assert.equal(await signIn(b, 'bob'), 'setup', 'applied at once: read from the store, not the cache');
        assert.equal(await signIn(b, 'bob'), 'setup');
      });
      assert.equal(reads, 2, 'one settings query per sign-in while deaf');
      assert.equal((await status(b)).settings.cached, 0, 'nothing kept while deaf');
    } finally {
      await admin.call('ACL', 'SETUSER', 'default', '+subscribe');
    }
    await b.waitLive(true);
    assert.equal((await status(b)).settings.live, true);
    assert.equal(await pgQueriesDuring(b, async () => void await signIn(b, 'bob')), 1, 'heard again: read once…');
    assert.equal(await pgQueriesDuring(b, async () => void await signIn(b, 'bob')), 0, '…then warm');
  });

  it('a change B hears about while its settings database is unreachable: the sign-in is refused with 503, never "not enforced"', async () => {
    assert.equal(await signIn(b, 'carol'), 'signed-in', 'hillside not configured; B caches that');
    await change(a, 'hillside', { enforcement: 'all' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.stall();
    try {
      assert.equal(await signIn(b, 'carol'), '503 unavailable');
      assert.equal(await signIn(b, 'alice'), 'challenged', 'riverside, still cached and current, keeps working');
    } finally {
      proxy.resume();
    }
    let outcome = '';
    for (let i = 0; i < 50 && outcome !== 'setup'; i += 1) {
      outcome = await signIn(b, 'carol');
      if (outcome !== 'setup') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(outcome, 'setup', 'the database back: the change applies');
  });
});
