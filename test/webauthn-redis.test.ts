/**
 * Passkeys on a real redis-server: the challenge lives in Redis with a TTL of at most 300 s
 * under a hashed session (never the session id), is taken once under parallel answers, and a
 * cloned key's equal counters let only one answer through.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redisStore } from '../src/index.js';
import { pendingSession } from './support/enrolled-user.js';
import { aliceWithPasskey, json, optionsFor } from './support/passkey-app.ts';
import { useTestRedis } from './support/redis-fixture.js';

const redis = useTestRedis();
const store = () => redisStore(redis.client, { timeoutSeconds: 2 });

describe('passkeys on Redis', () => {
  it('signs in; the challenge key expires within 300 s and holds no session id', async () => {
    const { agent, key } = await aliceWithPasskey({ store: store() });
    const options = await optionsFor(agent);
    const keys = await redis.client.keys('*webauthn*');
    assert.equal(keys.length, 1);
    const ttlMs = await redis.client.pttl(keys[0]!);
    assert.ok(ttlMs > 0 && ttlMs <= 300_000, `ttl ${ttlMs}`);
    const fields = await redis.client.hgetall(keys[0]!);
    // `<base64url purpose>.<HMAC-SHA256 of the session id>`, and `<expiresAt>.<challenge>`.
    assert.deepEqual(Object.keys(fields).map((f) => /^YXV0aGVudGljYXRl\.[A-Za-z0-9_-]{43}$/.test(f)), [true]);
    assert.match(Object.values(fields)[0]!, /^\d+\.[A-Za-z0-9_-]{43}$/);
    assert.equal((await json(agent, '/2fa/verify', { credential: key.assert(options) })).status, 200);
    assert.deepEqual(await redis.client.hgetall(keys[0]!), {}, 'taken');
  });

  it('of 20 parallel uses of one challenge, exactly one succeeds', async () => {
    const { agent, key } = await aliceWithPasskey({ store: store() });
    const answer = key.assert(await optionsFor(agent));
    const results = await Promise.all(Array.from({ length: 20 }, () => json(agent, '/2fa/verify', { credential: answer })));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
  });

  it('a replayed assertion from another session is refused', async () => {
    const { app, agent, key } = await aliceWithPasskey({ store: store() });
    const answer = key.assert(await optionsFor(agent));
    assert.equal((await json(agent, '/2fa/verify', { credential: answer })).status, 200);
    const other = await pendingSession(app);
    await optionsFor(other);
    assert.equal((await json(other, '/2fa/verify', { credential: answer })).status, 401);
  });
});
