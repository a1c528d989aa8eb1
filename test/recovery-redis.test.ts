/**
 * Recovery codes on a real redis-server: a code is spent once under 100 parallel requests,
 * and nothing secret (recovery codes, the TOTP secret) is at rest in clear.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { redisStore } from '../src/index.js';
import { parseRecoveryCode } from '../src/testing/index.js';
import { enrolledUser } from './support/enrolled-user.js';
import { useTestRedis } from './support/redis-fixture.js';
import { logIn } from './support/test-app.js';
import { recoveryCodesLeft } from './support/enrolment-reads.ts';

const redis = useTestRedis();

const aliceEnrolled = () => enrolledUser({ store: redisStore(redis.client, { timeoutSeconds: 2 }), advanceSeconds: 90 });

/** Every key and every value in the Redis database, as text. */
async function dumpRedis(): Promise<string> {
  const keys = await redis.client.keys('*');
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.client.type(key);
    const value = type === 'string' ? await redis.client.get(key)
      : type === 'hash' ? await redis.client.hgetall(key)
        : type === 'set' ? await redis.client.smembers(key)
          : type === 'zset' ? await redis.client.zrange(key, '0', '-1', 'WITHSCORES')
            : type === 'list' ? await redis.client.lrange(key, 0, -1)
              : `<${type}>`;
    parts.push(`${key} ${JSON.stringify(value)}`);
  }
  return parts.join('\n');
}

describe('recovery codes on Redis', () => {
  it('spends a code exactly once under 100 parallel requests from several sessions', async () => {
    const { app, recoveryCodes } = await aliceEnrolled();
    const agents = await Promise.all(Array.from({ length: 4 }, async () => {
      const agent = request.agent(app);
      await logIn(agent, 'alice');
      return agent;
    }));
    const recoveryCode = recoveryCodes[0]!;
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      agents[i % agents.length]!.post('/2fa/verify').set('Accept', 'application/json').send({ recoveryCode })));
    const counts = new Map<string, number>();
    for (const res of responses) {
      const key = res.status === 200 ? 'verified' : String(res.body.error);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const seen = JSON.stringify([...counts]);
    assert.equal(counts.get('verified'), 1, `exactly one success: ${seen}`);
    // The rest: replays counted as wrong codes up to the lock, then refused uncompared; the
    // session that won was regenerated, so its later requests are no longer pending. The
    // success resets the count (4 replays reserved before it, or 5 after it), never more.
    const invalid = counts.get('invalid_code') ?? 0;
    assert.ok(invalid === 4 || invalid === 5, `replays count and lock after 5: ${seen}`);
    assert.equal((counts.get('locked') ?? 0) + (counts.get('not_signed_in') ?? 0), 99 - invalid, seen);
    const store = redisStore(redis.client);
    assert.equal(await recoveryCodesLeft(store, 'u-alice'), 9);
  });

  it('keeps only keyed hashes of recovery codes and no TOTP secret in clear', async () => {
    const { first, secret, recoveryCodes } = await aliceEnrolled();
    const regenerated = (await first.post('/2fa/recovery-codes').set('Accept', 'application/json')).body.codes as string[];
    assert.equal(regenerated.length, 10);
    const dump = await dumpRedis();
    assert.ok(dump.length > 0);
    for (const code of [...recoveryCodes, ...regenerated]) {
      assert.equal(dump.includes(code), false, 'formatted recovery code at rest');
      assert.equal(dump.includes(parseRecoveryCode(code)), false, 'canonical recovery code at rest');
      assert.equal(dump.toLowerCase().includes(parseRecoveryCode(code).toLowerCase()), false);
    }
    assert.equal(dump.includes(secret), false, 'the base32 TOTP secret is sealed at rest');
    assert.equal(dump.toLowerCase().includes(secret.toLowerCase()), false);
    assert.equal(dump.includes(Buffer.from(secret).toString('base64')), false);
    assert.equal(await recoveryCodesLeft(redisStore(redis.client), 'u-alice'), 10, 'the hashes are there');
  });
});
