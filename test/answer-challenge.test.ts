/**
 * The one road for a second-factor answer, on plain values (no server): parse strictly,
 * then allowed methods, then the store's one decision; nothing is asked or counted for an
 * answer that fails an earlier step.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { readSnapshot } from '../src/core/enrolment-snapshot.js';
import { answerChallenge } from '../src/core/answer-challenge.js';
import { deriveKeys } from '../src/crypto/keys.js';
import { createEventBus } from '../src/events.js';
import { memoryRevocationFeed } from '../src/revocation/memory-feed.js';
import { createRevocationList } from '../src/revocation/revocation-list.js';
import { isTwoStepError, memoryStore, type MethodType, type TwoStepEvents } from '../src/index.js';
import { generateTotp, internalsOf } from '../src/testing/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock, wrongCode } from './support/test-app.js';

async function enrolledCore() {
  const clock = manualClock();
  const store = memoryStore();
  const asked: unknown[] = [];
  const allowed = { types: ['totp', 'email', 'sms'] as MethodType[] };
  const { app, twoStep } = makeTestApp(store, clock, { allowedMethods: (user) => (asked.push(user), allowed.types) });
  const agent = request.agent(app);
  await logIn(agent, 'alice');
  const { secret } = await enrolTotp(agent, clock);
  clock.advanceSeconds(60);
  asked.length = 0;
  const events = createEventBus(() => {});
  const failed: TwoStepEvents['failed'][] = [];
  const verified: TwoStepEvents['verified'][] = [];
  events.on('failed', (event) => void failed.push(event));
  events.on('verified', (event) => void verified.push(event));
  const revocations = createRevocationList(memoryRevocationFeed(), { now: clock.now, sessionMaxAgeSeconds: 86_400 });
  const { options, enrolments } = internalsOf(twoStep);
  const ctx = { options, store, enrolments, keys: deriveKeys(options.secret), events, revocations };
  let loads = 0;
  const load = () => {
    loads += 1;
    return readSnapshot(ctx, 'u-alice');
  };
  const answer = (body: Record<string, unknown>) =>
    answerChallenge(ctx, { actor: { userId: 'u-alice' }, user: { id: 'u-alice' }, body, enrolment: load, sessionHash: () => 'session-hash-for-tests' });
  return { ctx, clock, store, secret, asked, allowed, failed, verified, answer, loads: () => loads };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    assert.ok(isTwoStepError(error), String(error));
    return error.code;
  }
}

describe('answerChallenge', () => {
  it('refuses a malformed answer before asking allowedMethods, reading the enrolment or counting', async () => {
    const env = await enrolledCore();
    for (const body of [{ code: 123456 }, { code: '12345' }, { code: '123456', method: ['x'] }, { code: '1', recoveryCode: 'x' }, {}]) {
      assert.equal(await codeOf(env.answer(body)), 'invalid_request', JSON.stringify(body));
    }
    assert.deepEqual(env.asked, []);
    assert.equal(env.loads(), 0);
    assert.equal((await env.store.getLockState('u-alice', env.clock.now())).failures, 0);
  });

  it('refuses a turned-off method type before the store decides anything', async () => {
    const env = await enrolledCore();
    env.allowed.types = ['email'];
    assert.equal(await codeOf(env.answer({ code: generateTotp({ secret: env.secret, nowMs: env.clock.now() }) })), 'method_not_allowed');
    assert.equal((await env.store.getLockState('u-alice', env.clock.now())).failures, 0);
    assert.equal(env.failed.length, 0);
  });

  it('counts a wrong code (failed event) and accepts a right one, leaving the success event to the caller', async () => {
    const env = await enrolledCore();
    assert.equal(await codeOf(env.answer({ code: wrongCode(env.secret, env.clock.now()) })), 'invalid_code');
    assert.equal(env.failed.length, 1);
    const accepted = await env.answer({ code: generateTotp({ secret: env.secret, nowMs: env.clock.now() }) });
    assert.deepEqual(accepted, { factor: 'totp', amr: 'totp', verifiedAt: env.clock.now() });
    assert.equal(env.verified.length, 0, 'announced only once the session holds the result');
    assert.equal((await env.store.getLockState('u-alice', env.clock.now())).failures, 0);
  });
});
