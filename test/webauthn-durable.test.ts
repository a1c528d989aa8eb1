/**
 * Passkeys are long-lived records: they live in the durable enrolment store (PostgreSQL
 * here), counters in Redis. Every Redis key lost, the passkey still signs in, its counter is
 * in PostgreSQL and still only moves forward, and two answers of a cloned key racing for the
 * same counter let one through (compare-and-set).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { postgresEnrolments, redisStore } from '../src/index.ts';
import { pendingSession } from './support/enrolled-user.ts';
import { addPasskey, json, optionsFor, ORIGIN, RP_ID, WEBAUTHN } from './support/passkey-app.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { logIn, makeTestApp, manualClock } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();

beforeEach(async () => {
  await postgresEnrolments(postgres.pool).createSchema();
  await postgres.truncate();
});

async function aliceWithDurablePasskey() {
  const clock = manualClock();
  const enrolments = postgresEnrolments(postgres.pool, { timeoutSeconds: 2 });
  const made = makeTestApp(redisStore(redis.client, { timeoutSeconds: 2 }), clock, { enrolments, webauthn: WEBAUTHN });
  const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
  const first = request.agent(made.app);
  await logIn(first, 'alice');
  await addPasskey(first, key, 'YubiKey 5');
  return { ...made, clock, enrolments, key };
}

const storedPasskey = async (enrolments: ReturnType<typeof postgresEnrolments>) =>
  (await enrolments.read('u-alice'))!.enrolment.methods.find((m) => m.type === 'webauthn')!;

describe('passkeys in the durable enrolment store', () => {
  it('survive losing every Redis key; the counter is kept in PostgreSQL', async () => {
    const { app, key, enrolments } = await aliceWithDurablePasskey();
    assert.equal((await storedPasskey(enrolments)).label, 'YubiKey 5');
    await redis.client.flushall();
    const agent = await pendingSession(app);
    assert.equal((await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent)) })).status, 200);
    assert.equal((await storedPasskey(enrolments)).webauthn!.counter, key.counter);
  });

  it('a cloned key: equal counters from two sessions at once, exactly one succeeds, and the counter never goes back', async () => {
    const { app, key, enrolments } = await aliceWithDurablePasskey();
    for (let round = 0; round < 3; round++) {
      const a = await pendingSession(app);
      const b = await pendingSession(app);
      const [optionsA, optionsB] = [await optionsFor(a), await optionsFor(b)];
      const counter = key.counter + 1;
      key.counter = counter;
      const results = await Promise.all([
        json(a, '/2fa/verify', { credential: key.assert(optionsA, { counter }) }),
        json(b, '/2fa/verify', { credential: key.assert(optionsB, { counter }) }),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 401], `round ${round}`);
      assert.equal((await storedPasskey(enrolments)).webauthn!.counter, counter);
    }
  });
});
