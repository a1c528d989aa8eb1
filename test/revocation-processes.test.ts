/**
 * Sign out everywhere across real processes: two separate Node app processes (A and B)
 * sharing one redis-server, each with its own session store, so every Redis command seen
 * while B serves a signed-in request is twostep's own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startRedisServer, type TestRedisServer } from './support/redis-server.ts';
import { startAppProcess, type AppProcess } from './support/app-process.ts';
import { logIn, type Agent } from './support/test-app.ts';
import { revocationFeedContract } from './support/revocation-feed-contract.ts';
import { redisStore } from '../src/index.js';

const JSON_TYPE = 'application/json';
let redisServer: TestRedisServer;
let admin: Redis;
let a: AppProcess;
let b: AppProcess;

async function signedIn(app: AppProcess, username: string): Promise<Agent> {
  const agent = app.agent();
  const login = await logIn(agent, username);
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return agent;
}

const me = (agent: Agent) => agent.get('/api/me').set('Accept', JSON_TYPE);

/** Calls per command while `run` goes, from INFO commandstats (the reads themselves left out). */
async function commandsDuring(run: () => Promise<void>): Promise<Record<string, number>> {
  await admin.config('RESETSTAT');
  await run();
  const counts: Record<string, number> = {};
  for (const line of (await admin.info('commandstats')).split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match && !['info', 'config|resetstat', 'client|list', 'acl|setuser'].includes(match[1]!)) counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

async function killSubscriberOf(app: AppProcess): Promise<void> {
  const killed = await admin.call('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes', 'ID', await subscriberId(app));
  assert.equal(killed, 1);
}

async function subscriberId(app: AppProcess): Promise<string> {
  const list = (await admin.client('LIST')) as string;
  const line = list.split('\n').find((l) => l.includes(` name=twostep-revocations-${app.pid} `));
  assert.ok(line, `process ${app.pid} has a subscriber connection`);
  assert.match(line, / sub=1 /, 'subscribed to one channel');
  return /^id=(\d+)/.exec(line)![1]!;
}

revocationFeedContract('redis', async () => {
  await redisServer.flush();
  return redisStore(admin).revocations!;
});

before(async () => {
  redisServer = await startRedisServer();
  admin = new Redis(redisServer.url);
});

describe('revocation across two app processes on one redis-server', () => {
  before(async () => {
    [a, b] = await Promise.all([startAppProcess({ REDIS_URL: redisServer.url }), startAppProcess({ REDIS_URL: redisServer.url })]);
    await Promise.all([a.waitLive(), b.waitLive()]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    admin?.disconnect();
    await redisServer?.stop();
  });

  it('a verified request costs no Redis command; a revocation in A reaches B within 1 s; B keeps serving others and new sign-ins', async () => {
    const aliceOnA = await signedIn(a, 'alice');
    const aliceOnB = await signedIn(b, 'alice');
    const carolOnB = await signedIn(b, 'carol');

    const idle = await commandsDuring(async () => {
      for (let i = 0; i < 20; i += 1) assert.equal((await me(aliceOnB)).status, 200);
    });
    assert.deepEqual(idle, {}, 'no Redis command for 20 verified requests');

    const started = Date.now();
    const revoked = await aliceOnA.post('/test/revoke').send({ userId: 'u-alice' });
    assert.equal(revoked.status, 200);
    let res = await me(aliceOnB);
    while (res.status === 200 && Date.now() - started < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      res = await me(aliceOnB);
    }
    const latencyMs = Date.now() - started;
    assert.deepEqual([res.status, res.body.error], [401, 'session_revoked'], `B refused within 1 s (took ${latencyMs} ms)`);
    console.log(`# revocation reached process B in ${latencyMs} ms (request to A included)`);
    assert.equal((await me(aliceOnA)).body.error, 'session_revoked');

    assert.equal((await me(carolOnB)).status, 200, 'other users keep their sessions');
    const again = await signedIn(b, 'alice');
    assert.equal((await me(again)).status, 200, 'a sign-in after the revocation works');
  });

  it('with its subscriber killed, B checks Redis per request (one command) and still refuses; 503 when Redis is out too; the fast path returns', async () => {
    const carolOnB = await signedIn(b, 'carol');
    // Keep B from subscribing again for a while: SUBSCRIBE is refused (NOPERM) until restored.
    await admin.call('ACL', 'SETUSER', 'default', '-subscribe');
    await killSubscriberOf(b);
    await b.waitLive(false);
    assert.equal((await a.revocation()).live, true, 'A is untouched');

    const aliceOnB = await signedIn(b, 'alice');
    const fallback = await commandsDuring(async () => {
      for (let i = 0; i < 5; i += 1) assert.equal((await me(aliceOnB)).status, 200);
    });
    assert.deepEqual(fallback, { hget: 5 }, 'one HGET per verified request while the subscription is down');

    assert.equal((await a.agent().post('/test/revoke').send({ userId: 'u-alice' })).status, 200);
    const refused = await me(aliceOnB);
    assert.deepEqual([refused.status, refused.body.error], [401, 'session_revoked'], 'refused at once, through the fallback');
    assert.equal((await b.revocation()).live, false, 'the subscription was still down');

    redisServer.pause();
    try {
      const outage = await me(carolOnB);
      assert.deepEqual([outage.status, outage.body.error], [503, 'unavailable'], 'neither the subscription nor Redis: refused');
    } finally {
      redisServer.resume();
    }

    await admin.call('ACL', 'SETUSER', 'default', '+subscribe');
    const recoveredMs = await b.waitLive(true, 5000);
    console.log(`# B's subscription was back ${recoveredMs} ms after SUBSCRIBE was allowed again`);
    await subscriberId(b);
    const fast = await commandsDuring(async () => {
      for (let i = 0; i < 20; i += 1) assert.equal((await me(carolOnB)).status, 200);
    });
    assert.deepEqual(fast, {}, 'back on the fast path: no Redis command');
    // And what was revoked while B was deaf is still refused (reloaded from the sorted set).
    assert.equal((await b.revocation()).remembered >= 1, true);
  });

  it('a subscriber connection that hangs without closing (Redis stopped) is noticed by its heartbeat within ~7 s', async () => {
    redisServer.pause();
    let downMs: number;
    try {
      downMs = await b.waitLive(false, 9000);
    } finally {
      redisServer.resume();
    }
    console.log(`# B noticed the hung subscription after ${downMs} ms`);
    await b.waitLive(true, 5000);
  });

  it('a revocation made while B was disconnected is reloaded when B comes back', async () => {
    const bobOnB = await signedIn(b, 'bob');
    await admin.call('ACL', 'SETUSER', 'default', '-subscribe');
    await killSubscriberOf(b);
    await b.waitLive(false);
    assert.equal((await a.agent().post('/test/revoke').send({ userId: 'u-bob' })).status, 200);
    await admin.call('ACL', 'SETUSER', 'default', '+subscribe');
    await b.waitLive(true);
    // Measured on the fast path: the refusal comes from the reloaded map, with no Redis command.
    let res: Awaited<ReturnType<typeof me>> | undefined;
    const counts = await commandsDuring(async () => {
      res = await me(bobOnB);
    });
    assert.deepEqual([res!.status, res!.body.error], [401, 'session_revoked']);
    assert.deepEqual(counts, {});
  });
});
