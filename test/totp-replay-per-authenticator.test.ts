/**
 * The TOTP replay guard belongs to an authenticator (its secret), not to the user: a new
 * secret — after an admin reset, or a second authenticator app — starts with no used steps,
 * so its first code is accepted even in the 30 s window of the old secret's last accepted
 * code, while the old secret's used steps stay used, durably (Redis forgotten). Real Redis,
 * real PostgreSQL, real Express + express-session + Passport.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { postgresEnrolments, redisStore, type EnrolmentStore } from '../src/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { totpStep } from '../src/methods/totp.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, signedInWithApp, type Agent } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();
const JSON_TYPE = 'application/json';

beforeEach(async () => {
  await postgresEnrolments(postgres.pool).createSchema();
  await postgres.truncate();
});

/** Each backend, and how its counters forget the used steps (they keep them 2 minutes). */
const backends: [string, () => EnrolmentStore | undefined, () => Promise<unknown>][] = [
  ['PostgreSQL enrolments, Redis counters', () => postgresEnrolments(postgres.pool), () => redis.client.flushall()],
  // The enrolment record lives in Redis too: only the counters' totp hash goes.
  ['Redis enrolments and counters', () => undefined, async () => redis.client.del(...(await redis.client.keys('*:totp')))],
];

const verify = (agent: Agent, code: string) => agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code });

for (const [name, enrolments, forgetCounters] of backends) {
  describe(`TOTP replay guard per authenticator (${name})`, () => {
    function app() {
      // Two seconds past a step boundary: everything below happens inside one 30 s window.
      const clock = manualClock(Date.UTC(2026, 10, 23, 12, 0, 2));
      const store = enrolments();
      const made = makeTestApp(redisStore(redis.client), clock, store ? { enrolments: store } : {});
      return { ...made, clock };
    }

    it("a second app's first code is accepted in the window of the first app's last code; each app's used code stays used", async () => {
      const { app: server, clock } = app();
      // Alice enrols app A and signs in with it: A's code of this window is used.
      const { agent, secret: oldSecret } = await signedInWithApp(server, clock, 'alice');
      const window = totpStep(clock.now());
      const oldCode = generateTotp({ secret: oldSecret, nowMs: clock.now() });

      // Same window: she adds app B; its first code confirms it.
      const second = await agent.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'totp' });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      const newSecret = second.body.secret as string;
      const newCode = generateTotp({ secret: newSecret, nowMs: clock.now() });
      const confirmed = await agent.post(`/2fa/methods/${second.body.id}/confirm`).set('Accept', JSON_TYPE).send({ code: newCode });
      assert.equal(confirmed.status, 200, `the new secret's first code: ${JSON.stringify(confirmed.body)}`);

      // A sign-in later in the same window, after the counters forgot: each app's code of
      // this window was used once and stays used (the enrolment store keeps it).
      await forgetCounters();
      const replay = request.agent(server);
      assert.equal((await logIn(replay, 'alice')).status, 401);
      const oldAgain = await replay.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: oldCode });
      assert.equal(oldAgain.status, 401, "the old secret's used code");
      assert.equal(oldAgain.body.error, 'invalid_code');
      assert.match(oldAgain.body.message, /a code works only once/);
      const newAgain = await replay.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: newCode, method: second.body.id });
      assert.equal(newAgain.status, 401, "the new secret's used code");
      assert.equal(totpStep(clock.now()), window, 'all inside one 30 s window');

      // The next window's codes work, from either app.
      clock.advanceSeconds(30);
      assert.equal((await verify(replay, generateTotp({ secret: oldSecret, nowMs: clock.now() }))).status, 200);
    });

    it("after an admin reset, the new secret's first code is accepted in the window of the old secret's last code", async () => {
      const { app: server, clock, twoStep } = app();
      const { secret: oldSecret } = await signedInWithApp(server, clock, 'alice');
      const window = totpStep(clock.now());
      await twoStep.admin.reset('u-alice');

      clock.advanceSeconds(1);
      const agent = request.agent(server);
      assert.equal((await logIn(agent, 'alice')).status, 200, 'no second step after the reset');
      const { secret: newSecret } = await enrolTotp(agent, clock);
      assert.notEqual(newSecret, oldSecret);
      assert.equal(totpStep(clock.now()), window, 'all inside one 30 s window');
    });
  });
}

describe('upgrading a PostgreSQL table made before used steps were kept per method', () => {
  it('createSchema() adds totp_steps to the existing table; its rows read and advance as before', async () => {
    await postgres.pool.query('DROP TABLE twostep_enrolments');
    await postgres.pool.query(`CREATE TABLE twostep_enrolments (
  user_id text PRIMARY KEY, version bigint NOT NULL CHECK (version > 0), record jsonb NOT NULL,
  last_totp_step bigint, updated_at timestamptz NOT NULL DEFAULT now())`);
    const record = { enabled: true, methods: [{ id: 'm1', type: 'totp', label: 'App', primary: true, confirmed: true, createdAt: 1, sealedSecret: 'v1.x' }], updatedAt: 1 };
    await postgres.pool.query('INSERT INTO twostep_enrolments (user_id, version, record, last_totp_step) VALUES ($1, 1, $2, 100)', ['u', JSON.stringify(record)]);
    const store = postgresEnrolments(postgres.pool);
    await store.createSchema();
    await store.createSchema();
    assert.deepEqual((await store.read('u'))?.totpSteps, {});
    assert.equal(await store.advanceTotpStep('u', 1, 'm1', 101), true);
    assert.equal(await store.advanceTotpStep('u', 1, 'm1', 101), false);
    assert.deepEqual((await store.read('u'))?.totpSteps, { m1: 101 });
  });
});
