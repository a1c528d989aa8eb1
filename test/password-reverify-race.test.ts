/**
 * Password re-verification under a burst of parallel guesses, on a real Redis: the attempt
 * is reserved before the password is checked, so the app's `verifyPassword` sees at most
 * `maxAttempts` guesses, and a right password inside the burst does not get in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redisStore, type TwoStepStore } from '../src/index.js';
import { useTestRedis } from './support/redis-fixture.js';
import { makeTestApp, manualClock, signedInWithApp, type TestUser } from './support/test-app.js';

const JSON_TYPE = 'application/json';
const redis = useTestRedis();

/** Alice signed in with her app more than `reverifySeconds` ago; `verifyPassword` is slow and counted. */
async function staleSession(store: TwoStepStore) {
  const clock = manualClock();
  const checked: string[] = [];
  const verifyPassword = async (user: TestUser, password: string) => {
    checked.push(password);
    // Slow, like a real password hash: the burst is all in flight at once.
    await new Promise((resolve) => setTimeout(resolve, 25));
    return user.password === password;
  };
  const { app } = makeTestApp(store, clock, { users: { id: (u) => u.id, verifyPassword } });
  const { agent } = await signedInWithApp(app, clock, 'alice', { password: 'alice-pass' });
  clock.advanceSeconds(301);
  checked.length = 0;
  return { agent, checked, clock };
}

describe('password re-verification under parallel guesses (Redis store)', () => {
  it('checks at most 5 of 30 simultaneous wrong passwords; the rest are refused as locked without a check', async () => {
    const store = redisStore(redis.client);
    const { agent, checked, clock } = await staleSession(store);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: `guess-${i}` })));
    assert.ok(checked.length <= 5, `verifyPassword was called ${checked.length} times`);
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 401).length, checked.length);
    assert.equal(statuses.filter((s) => s === 429).length, 30 - checked.length);
    assert.ok((await store.getLockState('u-alice', clock.now())).lockedUntil !== null, 'the account is locked');
    // The lock holds against the right password, which is not even checked.
    const right = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'alice-pass' });
    assert.equal(right.status, 429);
    assert.equal(checked.includes('alice-pass'), false);
  });

  it('refuses the right password while 5 wrong ones are still being checked: the attempts were reserved first', async () => {
    const store = redisStore(redis.client);
    const { agent, checked } = await staleSession(store);
    const wrong = Array.from({ length: 5 }, (_, i) =>
      agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: `guess-${i}` }).then((res) => res));
    while (checked.length < 5) await new Promise((resolve) => setTimeout(resolve, 2));
    // The five checks are still running (25 ms each): nothing has been answered yet.
    const right = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'alice-pass' });
    assert.equal(right.status, 429);
    assert.deepEqual((await Promise.all(wrong)).map((res) => res.status), [401, 401, 401, 401, 401]);
    assert.equal(checked.length, 5);
  });

  it('a right password clears the count left by earlier wrong ones', async () => {
    const store = redisStore(redis.client);
    const { agent, clock } = await staleSession(store);
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'nope' })).status, 401);
    }
    const ok = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'alice-pass' });
    assert.equal(ok.status, 200);
    assert.deepEqual(await store.getLockState('u-alice', clock.now()), { failures: 0, lockedUntil: null });
  });
});
