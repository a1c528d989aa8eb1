/**
 * `redisStore` on a real three-master Redis Cluster: the shared store contract, a full login
 * flow, and the hash-tag layout that lets every Lua script run on one shard.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { Cluster } from 'ioredis';
import request from 'supertest';
import { generateTotp, storeContract } from '../src/testing/index.js';
import { userKeys } from '../src/store/keys.ts';
import { redisStore } from '../src/backends/redis-store.ts';
import { startRedisCluster } from './support/redis-cluster.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, wrongCode } from './support/test-app.js';

const cluster = await startRedisCluster();
const client = new Cluster(cluster.nodes, {
  enableOfflineQueue: false,
  redisOptions: { maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false },
});
client.on('error', () => {});
await once(client, 'ready');

after(async () => {
  client.disconnect();
  await cluster.stop();
});

storeContract('redis cluster', async () => {
  await cluster.flush();
  return { store: redisStore(client), cleanup: async () => {} };
});

const slotOf = async (key: string) => Number(await client.cluster('KEYSLOT', key));

describe('redisStore on Redis Cluster', () => {
  it("keeps every key of one user in one slot, and spreads users over the masters", async () => {
    const slotsOfUser = async (userId: string) => new Set(await Promise.all(Object.values(userKeys(userId)).map(slotOf)));
    for (const userId of ['u-alice', 'user:{with}braces', 'ü-ñ']) {
      assert.equal((await slotsOfUser(userId)).size, 1, `keys of ${userId} span several slots`);
    }
    const firstSlots = await Promise.all(Array.from({ length: 30 }, (_, i) => slotOf(userKeys(`user-${i}`).lock)));
    assert.ok(new Set(firstSlots).size > 20, 'different users hash to different slots');
    // Each master owns a third of the slots: 30 users must not all land on one shard.
    const shards = new Set(firstSlots.map((slot) => Math.floor(slot / (16384 / 3))));
    assert.ok(shards.size >= 2, 'users spread over more than one master');
  });

  it('runs a full sign-in: password, authenticator enrolment, lockout counting and verification', async () => {
    await cluster.flush();
    const clock = manualClock();
    const { app } = makeTestApp(redisStore(client), clock);
    const first = request.agent(app);
    assert.equal((await logIn(first, 'alice')).status, 200);
    const { secret } = await enrolTotp(first, clock);
    clock.advanceSeconds(60);

    const agent = request.agent(app);
    const login = await logIn(agent, 'alice');
    assert.equal(login.status, 401);
    assert.equal(login.body.error, 'second_factor_required');

    const wrong = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: wrongCode(secret, clock.now()) });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_code');
    const failures = await client.hget(userKeys('u-alice').lock, 'f');
    assert.equal(failures, '1', 'the failure was counted on the shard that owns alice');

    const code = generateTotp({ secret, nowMs: clock.now() });
    const verified = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.verified, true);
    const me = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'totp']);

    // The same step is never accepted twice, whichever node the client asks.
    const again = request.agent(app);
    await logIn(again, 'alice');
    const replay = await again.post('/2fa/verify').set('Accept', 'application/json').send({ code });
    assert.equal(replay.status, 401);
  });
});
