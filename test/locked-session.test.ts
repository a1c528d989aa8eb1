/**
 * A pending session that was told "locked" refuses further answers by itself until the lock's
 * instant: no store call (so no Redis command, no secret opened, no HMAC computed), and never
 * anything let through. Real Express + express-session + Passport, the memory store behind a
 * proxy that counts calls.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { generateTotp } from '../src/testing/index.js';
import { countingStore } from './support/counting-store.ts';
import { enrolUser, logIn, makeTestApp, manualClock, wrongCode } from './support/test-app.ts';

const verify = (agent: ReturnType<typeof request.agent>, code: string) => agent.post('/2fa/verify').set('Accept', 'application/json').send({ code });

describe('a locked account, refused by the session that learnt the lock', () => {
  it('refuses with 429 and lockedUntil without calling the store, from the locking session and from one that learnt it later', async () => {
    const clock = manualClock();
    const { store, calls } = countingStore();
    const { app } = makeTestApp(store, clock, { lockout: { maxAttempts: 3, lockSeconds: 600 } });
    const { secret } = await enrolUser(app, clock, 'alice');
    const first = request.agent(app);
    const second = request.agent(app);
    assert.equal((await logIn(first, 'alice')).status, 401);
    assert.equal((await logIn(second, 'alice')).status, 401);
    const wrong = wrongCode(secret, clock.now());
    assert.equal((await verify(first, wrong)).status, 401);
    assert.equal((await verify(first, wrong)).status, 401);
    // The failure that locks answers 401 with the lock's instant.
    const locking = await verify(first, wrong);
    assert.equal(locking.status, 401);
    const lockedUntil = locking.body.lockedUntil as string;
    assert.ok(lockedUntil);

    // The locking session: even the right code is refused, and the store is not asked.
    let before = calls();
    const refused = await verify(first, generateTotp({ secret, nowMs: clock.now() }));
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error, 'locked');
    assert.equal(refused.body.lockedUntil, lockedUntil);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal(calls() - before, 0, 'no store call once the session knows the lock');

    // Another session learns the lock from the store's refusal, then refuses by itself.
    const learnt = await verify(second, generateTotp({ secret, nowMs: clock.now() }));
    assert.equal(learnt.status, 429);
    before = calls();
    assert.equal((await verify(second, wrong)).status, 429);
    assert.equal(calls() - before, 0);
    // Still pending: nothing was let through.
    assert.equal((await second.get('/api/me').set('Accept', 'application/json')).status, 401);
  });

  it('after an admin unlock a new sign-in gets through at once; the old session waits for the instant, then the store decides again', async () => {
    const clock = manualClock();
    const { store } = countingStore();
    const { app, twoStep } = makeTestApp(store, clock, { lockout: { maxAttempts: 2, lockSeconds: 600 } });
    const { secret } = await enrolUser(app, clock, 'alice');
    const old = request.agent(app);
    await logIn(old, 'alice');
    const wrong = wrongCode(secret, clock.now());
    await verify(old, wrong);
    assert.ok((await verify(old, wrong)).body.lockedUntil);
    assert.equal((await verify(old, wrong)).status, 429);

    await twoStep.admin.unlock('u-alice');
    clock.advanceSeconds(30);
    const fresh = request.agent(app);
    await logIn(fresh, 'alice');
    assert.equal((await verify(fresh, generateTotp({ secret, nowMs: clock.now() }))).status, 200);
    // The old session keeps refusing until the lock's instant (accepted: it can only refuse more).
    clock.advanceSeconds(30);
    assert.equal((await verify(old, generateTotp({ secret, nowMs: clock.now() }))).status, 429);
    // Past the instant, the store decides again (half-finished sign-ins last longer than this lock? see pendingSeconds).
    clock.advanceSeconds(600);
    const again = request.agent(app);
    await logIn(again, 'alice');
    assert.equal((await verify(again, generateTotp({ secret, nowMs: clock.now() }))).status, 200);
  });

  it('a wrong code on an unlocked account still goes to the store and is counted', async () => {
    const clock = manualClock();
    const { store, calls } = countingStore();
    const { app } = makeTestApp(store, clock, { lockout: { maxAttempts: 5, lockSeconds: 600 } });
    const { secret } = await enrolUser(app, clock, 'alice');
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const before = calls();
    const answer = await verify(agent, wrongCode(secret, clock.now()));
    assert.equal(answer.status, 401);
    assert.equal(answer.body.attemptsLeft, 4);
    assert.ok(calls() - before >= 1);
  });
});

describe("the known lock ends at its instant, as the store's does", () => {
  // The store's lock is over at `lockedUntil` itself (`nowMs < until` is locked, see the store
  // contract's lockout tests); a session's remembered lock must not outlast it by even 1 ms.
  async function lockedAt() {
    const clock = manualClock();
    const { store, calls } = countingStore();
    const { app } = makeTestApp(store, clock, { lockout: { maxAttempts: 2, lockSeconds: 60 } });
    const { secret } = await enrolUser(app, clock, 'alice');
    const agent = request.agent(app);
    assert.equal((await logIn(agent, 'alice')).status, 401);
    const wrong = wrongCode(secret, clock.now());
    await verify(agent, wrong);
    const locking = await verify(agent, wrong);
    const until = Date.parse(locking.body.lockedUntil as string);
    assert.ok(until > clock.now());
    return { clock, calls, agent, secret, until };
  }

  it('API client (answered by the gate): 1 ms before the instant refused without the store, at the instant the right code passes', async () => {
    const { clock, calls, agent, secret, until } = await lockedAt();
    clock.set(until - 1);
    const before = calls();
    assert.equal((await verify(agent, generateTotp({ secret, nowMs: clock.now() }))).status, 429);
    assert.equal(calls() - before, 0);
    clock.set(until);
    const accepted = await verify(agent, generateTotp({ secret, nowMs: clock.now() }));
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  });

  it('browser form (answered by the route): at the instant the right code passes', async () => {
    const { clock, agent, secret, until } = await lockedAt();
    const post = () => agent.post('/2fa/verify').type('form').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    clock.set(until - 1);
    assert.equal((await post()).status, 429);
    clock.set(until);
    const accepted = await post();
    assert.equal(accepted.status, 303, accepted.text);
  });
});
