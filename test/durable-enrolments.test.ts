/**
 * Enrolments in PostgreSQL, counters in Redis: losing every Redis key never switches
 * anyone's 2FA off, never reopens a used code and never lets a password holder enrol their
 * own factor; PostgreSQL that stops answering fails closed within its deadline.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { postgresEnrolments, redisStore, type TwoStepOptions } from '../src/index.ts';
import { generateTotp, internalsOf } from '../src/testing/index.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { startStallingProxy } from './support/stalling-proxy.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();
const JSON_TYPE = 'application/json';

beforeEach(async () => {
  await postgresEnrolments(postgres.pool).createSchema();
  await postgres.truncate();
});

const staffRequired: TwoStepOptions<TestUser>['policy'] = (user) => (user.role === 'staff' ? 'required' : 'optional');

function durableApp(extra: Partial<TwoStepOptions<TestUser>> = {}, pool = postgres.pool) {
  const clock = manualClock();
  const enrolments = postgresEnrolments(pool, { timeoutSeconds: 0.5 });
  const made = makeTestApp(redisStore(redis.client, { timeoutSeconds: 0.5 }), clock, { enrolments, policy: staffRequired, ...extra });
  return { ...made, clock, enrolments };
}

/** Enrols a user from a first browser; returns the secret, the recovery codes and the step the enrolment code used. */
async function enrolled(env: ReturnType<typeof durableApp>, username: string) {
  const agent = request.agent(env.app);
  const login = await logIn(agent, username);
  if (username === 'alice') assert.equal(login.status, 401, 'a required user without a method is sent to setup');
  const result = await enrolTotp(agent, env.clock);
  return { agent, ...result };
}

describe('durable enrolments (PostgreSQL) with counters in Redis', () => {
  it('every Redis key deleted: optional and required users are still challenged, old codes refused, recovery codes work once', async () => {
    const env = durableApp();
    const alice = await enrolled(env, 'alice');
    const bob = await enrolled(env, 'bob');
    const aliceEnrolmentCode = generateTotp({ secret: alice.secret, nowMs: env.clock.now() });
    // Bob signs in with a code, so a sign-in step is on record too.
    env.clock.advanceSeconds(60);
    const bobCode = generateTotp({ secret: bob.secret, nowMs: env.clock.now() });
    const bobAgent = request.agent(env.app);
    await logIn(bobAgent, 'bob');
    assert.equal((await bobAgent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: bobCode })).status, 200);

    await redis.client.flushall();
    assert.deepEqual(await redis.client.keys('*'), []);

    for (const username of ['alice', 'bob']) {
      const agent = request.agent(env.app);
      const login = await logIn(agent, username);
      assert.equal(login.status, 401, `${username} is still challenged`);
      assert.equal(login.body.error, 'second_factor_required');
      assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 401);
      const status = await agent.get('/2fa/status');
      assert.equal(status.body.state, 'pending');
      assert.equal(status.body.enabled, true);
      // The password holder cannot enrol a factor of their own over the existing one.
      const takeover = await agent.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'totp' });
      assert.equal(takeover.status, 401, `${username}: ${JSON.stringify(takeover.body)}`);
    }

    // A code used once stays used: Bob's sign-in code (same step) and Alice's enrolment code.
    const replayBob = request.agent(env.app);
    await logIn(replayBob, 'bob');
    env.clock.set(env.clock.now()); // same instant as Bob's sign-in
    const bobReplay = await replayBob.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: bobCode });
    assert.equal(bobReplay.status, 401, 'a sign-in code does not work again after Redis forgot it');
    assert.equal(bobReplay.body.error, 'invalid_code');

    const aliceAgent = request.agent(env.app);
    await logIn(aliceAgent, 'alice');
    const recovery = await aliceAgent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: alice.recoveryCodes[0] });
    assert.equal(recovery.status, 200, 'recovery codes survive');
    const again = request.agent(env.app);
    await logIn(again, 'alice');
    const spent = await again.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: alice.recoveryCodes[0] });
    assert.equal(spent.status, 401, 'and each still works once');
    assert.ok(aliceEnrolmentCode);
  });

  it('the enrolment code itself cannot sign in after Redis lost everything (the setup step is durable too)', async () => {
    const env = durableApp();
    const bob = await enrolled(env, 'bob');
    const enrolmentCode = generateTotp({ secret: bob.secret, nowMs: env.clock.now() });
    await redis.client.flushall();
    const agent = request.agent(env.app);
    await logIn(agent, 'bob');
    const res = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: enrolmentCode });
    assert.equal(res.status, 401);
    env.clock.advanceSeconds(30);
    const next = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret: bob.secret, nowMs: env.clock.now() }) });
    assert.equal(next.status, 200, 'the next code works');
  });

  it('a wrong code costs no SQL statement; a right one exactly one', async () => {
    const counted = postgres.makePool();
    let statements = 0;
    const countingPool = { query: (text: string, values?: unknown[]) => { statements += 1; return counted.query(text, values); } };
    const env = durableApp({}, countingPool as never);
    const bob = await enrolled(env, 'bob');
    env.clock.advanceSeconds(60);
    const agent = request.agent(env.app);
    await logIn(agent, 'bob');
    statements = 0;
    const wrong = generateTotp({ secret: bob.secret, nowMs: env.clock.now() }) === '000000' ? '111111' : '000000';
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrong })).status, 401);
    assert.equal(statements, 0, 'wrong code: no SQL');
    const right = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret: bob.secret, nowMs: env.clock.now() }) });
    assert.equal(right.status, 200);
    assert.equal(statements, 1, 'right code: one SQL statement (the durable step)');
    await counted.end();
  });

  it('10 parallel removals of 10 methods by one user: every one kept (compare-and-set, retried)', async () => {
    const env = durableApp();
    const bob = await enrolled(env, 'bob');
    // Nine more authenticator apps, written straight to the record as a finished setup would.
    const record = (await env.enrolments.read('u-bob'))!;
    const extra = Array.from({ length: 9 }, (_, i) => ({ ...record.enrolment.methods[0]!, id: `extra${i}`, primary: false }));
    assert.equal(await env.enrolments.write('u-bob', record.version, { ...record.enrolment, methods: [...record.enrolment.methods, ...extra] }), record.version + 1);
    const ids = [bob.methodId, ...extra.map((m) => m.id)];
    const results = await Promise.all(ids.map((id) => bob.agent.delete(`/2fa/methods/${id}`).set('Accept', JSON_TYPE)));
    assert.deepEqual(results.map((r) => r.status), ids.map(() => 200), JSON.stringify(results.map((r) => r.body)));
    const after = (await env.enrolments.read('u-bob'))!;
    assert.deepEqual(after.enrolment.methods, [], 'no removal was lost');
    assert.equal(after.enrolment.enabled, false, 'removing the last method turned 2FA off');
    assert.equal(after.version, record.version + 1 + ids.length, 'one version per change');
  });

  it('20 parallel adds and removes through the core: each change kept or cleanly refused, none lost', async () => {
    const env = durableApp();
    await enrolled(env, 'bob');
    const start = (await env.enrolments.read('u-bob'))!;
    const seeded = Array.from({ length: 10 }, (_, i) => ({ ...start.enrolment.methods[0]!, id: `old${i}`, primary: false }));
    await env.enrolments.write('u-bob', start.version, { ...start.enrolment, methods: [...start.enrolment.methods, ...seeded] });
    const { updateEnrolment } = await import('../src/core/update-enrolment.ts');
    const ctx = { options: internalsOf(env.twoStep).options, store: internalsOf(env.twoStep).store, enrolments: env.enrolments } as never;
    const outcomes = await Promise.allSettled([
      ...seeded.map((m) => updateEnrolment(ctx, 'u-bob', (cur) => ({ ...cur, methods: cur.methods.filter((x) => x.id !== m.id) }))),
      ...seeded.map((m, i) => updateEnrolment(ctx, 'u-bob', (cur) => ({ ...cur, methods: [...cur.methods, { ...m, id: `new${i}` }] }))),
    ]);
    const kept = outcomes.map((o) => o.status === 'fulfilled');
    for (const o of outcomes) if (o.status === 'rejected') assert.equal((o.reason as { code?: string }).code, 'edit_conflict');
    const final = (await env.enrolments.read('u-bob'))!.enrolment.methods.map((m) => m.id).sort();
    const expected = [start.enrolment.methods[0]!.id,
      ...seeded.filter((_, i) => !kept[i]).map((m) => m.id),
      ...seeded.map((_, i) => `new${i}`).filter((_, i) => kept[10 + i])].sort();
    assert.deepEqual(final, expected, 'exactly the changes that reported success are in the record');
    assert.ok(kept.filter(Boolean).length >= 18, `almost all succeed after retries: ${kept.filter(Boolean).length}`);
  });

  it('PostgreSQL stalls mid-flow: 503 within the deadline, nobody upgraded', async () => {
    const url = new URL(postgres.url);
    const proxy = await startStallingProxy({ host: url.hostname, port: Number(url.port) });
    const pool = postgres.makePool({ port: proxy.port });
    const env = durableApp({}, pool);
    const bob = await enrolled(env, 'bob');
    env.clock.advanceSeconds(60);
    const agent = request.agent(env.app);
    await logIn(agent, 'bob');
    proxy.stall();
    const started = Date.now();
    const res = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret: bob.secret, nowMs: env.clock.now() }) });
    const elapsed = Date.now() - started;
    assert.equal(res.status, 503);
    assert.equal(res.body.error, 'unavailable');
    assert.ok(elapsed < 2000, `answered in ${elapsed} ms`);
    assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 401, 'not upgraded (the pending session is held back)');
    const fresh = request.agent(env.app);
    const login = await logIn(fresh, 'bob');
    assert.equal(login.status, 503, 'a new sign-in cannot read the enrolment: refused, not let in');
    assert.equal((await fresh.get('/api/me').set('Accept', JSON_TYPE)).status, 503, 'and every later request too, until it can');
    // Cut the stalled connections (the pool would wait for them forever), then recover.
    await proxy.close();
    await pool.end().catch(() => {});
  });

  it('PostgreSQL port closed: sign-ins are refused with 503, never read as "no 2FA"', async () => {
    const env0 = durableApp();
    await enrolled(env0, 'bob');
    const dead = postgres.makePool({ port: 1, connectionTimeoutMillis: 300 });
    const env = durableApp({}, dead);
    const agent = request.agent(env.app);
    const login = await logIn(agent, 'bob');
    assert.equal(login.status, 503);
    assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 503, 'never let through');
    await dead.end();
  });

  it('users.twoFactorEnabled: the app says on, the record is gone → refused with an event, never let through', async () => {
    const missing: string[] = [];
    const env = durableApp({ users: { id: (u) => u.id, label: (u) => u.username, twoFactorEnabled: (u) => u.username === 'bob' } });
    env.twoStep.on('enrolment.missing', (event) => void missing.push(event.userId));
    const bob = request.agent(env.app);
    const login = await logIn(bob, 'bob');
    assert.equal(login.status, 503);
    assert.equal((await bob.get('/api/me').set('Accept', JSON_TYPE)).status, 503, 'never let through');
    assert.deepEqual(missing, ['u-bob', 'u-bob']);
    const carol = request.agent(env.app);
    assert.equal((await logIn(carol, 'carol')).status, 200, 'a user the app says has no 2FA signs in');
  });

  it('schema: createSchema is idempotent and safe from several processes at once; ready() checks the tables', async () => {
    const store = postgresEnrolments(postgres.pool, { tables: { enrolments: `${postgres.schema}.e_concurrent`, recoveryCodes: `${postgres.schema}.r_concurrent` } });
    await assert.rejects(store.prepare!(), /createSchema|enrolments\.sql/);
    await Promise.all(Array.from({ length: 5 }, () => store.createSchema()));
    await store.prepare!();
    assert.throws(() => postgresEnrolments(postgres.pool, { tables: { enrolments: 'x; DROP TABLE y' } }), /tables\.enrolments/);
  });
});
