import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import { StoreUnavailableError, TwoStepConfigError } from '../src/errors.ts';
import { storeContract } from '../src/testing/index.ts';
import { redisStore } from '../src/backends/redis-store.ts';
import type { TwoStepStore } from '../src/backends/types.ts';
import { startRedisServer } from './support/redis-server.ts';

/** What the README recommends: fail fast while Redis is away, reconnect by itself. */
const RECOMMENDED: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  autoResendUnfulfilledCommands: false,
};

const server = await startRedisServer();
const clients: Redis[] = [];

async function connect(options: RedisOptions = RECOMMENDED): Promise<Redis> {
  const client = new Redis(server.url, options);
  // Connection errors surface through the store; unhandled 'error' events would crash the run.
  client.on('error', () => {});
  clients.push(client);
  if (client.status !== 'ready') await once(client, 'ready');
  return client;
}

after(async () => {
  for (const client of clients) client.disconnect();
  await server.stop();
});

const shared = await connect();

storeContract('redis', async () => {
  await server.flush();
  return { store: redisStore(shared), cleanup: async () => {} };
});

// Replies must parse the same whatever protocol and reply mapping the app chose.
for (const [label, options] of [
  ['RESP2', { protocol: 2 }],
  ['RESP3 replyMapping resp3', { protocol: 3, replyMapping: 'resp3' }],
] as const) {
  const client = await connect({ ...RECOMMENDED, ...options });
  storeContract(`redis (${label})`, async () => {
    await server.flush();
    return { store: redisStore(client), cleanup: async () => {} };
  });
}

const T0 = 1_700_000_000_000;
const lockout = { maxAttempts: 5, lockSeconds: 1800 };

async function rejectsUnavailable(call: () => Promise<unknown>, withinMs: number): Promise<void> {
  const started = Date.now();
  await assert.rejects(call(), StoreUnavailableError);
  const took = Date.now() - started;
  assert.ok(took < withinMs, `took ${took} ms, expected under ${withinMs} ms`);
}

async function eventually(call: () => Promise<unknown>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      await call();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

describe('redisStore', () => {
  describe('keys and TTLs', () => {
    before(() => server.flush());

    it('puts every key of a user under one hash tag, whatever the id', async () => {
      const store = redisStore(shared);
      const userId = 'a{b}:c';
      await store.noteEnrolmentVersion(userId, 1);
      await store.recordFailure({ userId, nowMs: T0, lockout });
      await store.issueCode({ userId, purpose: 'login', codeHash: 'h', nowMs: T0, ttlSeconds: 600, cooldownSeconds: 30, maxSendsPerHour: 10 });
      await store.consumeTotpStep({ userId, nowMs: T0, lockout, version: 1, methodId: 'm1', matchedStep: 5, stepRetentionSeconds: 90 });
      await store.putDevice(userId, { id: 'd', tokenHash: 't', label: 'x', createdAt: T0, lastUsedAt: T0, expiresAt: T0 + 86_400_000 });
      const keys = (await shared.keys('*')).sort();
      const tag = `{${Buffer.from(userId).toString('base64url')}}`;
      assert.deepEqual(
        keys,
        ['codes', 'cooldowns', 'devices', 'enrolment-version', 'sends', 'totp'].map((part) => `twostep:${tag}:${part}`),
      );
      const ttl = async (part: string) => shared.pttl(`twostep:${tag}:${part}`);
      assert.equal(await ttl('enrolment-version'), -1, 'the version mirror never expires');
      const expected: Record<string, number> = { codes: 600_000, cooldowns: 30_000, sends: 3_600_000, totp: 90_000, devices: 86_400_000 };
      for (const [part, ms] of Object.entries(expected)) {
        const left = await ttl(part);
        assert.ok(left > ms - 5_000 && left <= ms, `${part}: ${left}`);
      }
      await store.recordFailure({ userId: 'z', nowMs: T0, lockout });
      const lockTtl = await shared.pttl(`twostep:{${Buffer.from('z').toString('base64url')}}:lock`);
      assert.ok(lockTtl > 1_795_000 && lockTtl <= 1_800_000, `lock: ${lockTtl}`);
    });

    it('honours keyPrefix', async () => {
      await server.flush();
      await redisStore(shared, { keyPrefix: 'app:2fa:' }).noteEnrolmentVersion('u', 1);
      assert.deepEqual(await shared.keys('*'), ['app:2fa:{dQ}:enrolment-version']);
    });

    it('rejects a nonsensical timeout', () => {
      assert.throws(() => redisStore(shared, { timeoutSeconds: 0 }), TwoStepConfigError);
    });

    it('runs its scripts again after SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
      const store = redisStore(shared);
      await store.recordFailure({ userId: 'u', nowMs: T0, lockout });
      await shared.script('FLUSH');
      assert.equal((await store.recordFailure({ userId: 'u', nowMs: T0, lockout })).outcome, 'rejected');
    });
  });

  describe('fails closed and recovers', () => {
    let client: Redis;
    let store: TwoStepStore;
    before(async () => {
      client = await connect();
      store = redisStore(client, { timeoutSeconds: 0.5 });
    });

    const calls = (s: TwoStepStore) => [
      () => s.getLockState('u', T0),
      () => s.consumeCode({ userId: 'u', purpose: 'login', codeHash: 'h', nowMs: T0, lockout }),
      () => s.consumeTotpStep({ userId: 'u', nowMs: T0, lockout, version: 0, methodId: 'm1', matchedStep: 1, stepRetentionSeconds: 90 }),
      () => s.noteEnrolmentVersion('u', 1),
      () => s.defaultEnrolments!().read('u'),
    ];

    it('Redis stopped: every call rejects with StoreUnavailableError at once', async () => {
      await store.getLockState('u', T0);
      await server.stop();
      for (const call of calls(store)) await rejectsUnavailable(call, 400);
    });

    it('Redis back on the same port: the same client and store recover by themselves', async () => {
      await server.restart();
      await eventually(() => store.getLockState('u', T0), 5_000);
      for (const call of calls(store)) await call();
    });

    it('Redis hung: every call rejects with StoreUnavailableError within the timeout', async () => {
      server.pause();
      try {
        for (const call of calls(store)) await rejectsUnavailable(call, 900);
      } finally {
        server.resume();
      }
      await eventually(() => store.getLockState('u', T0), 5_000);
    });

    it('a client with default options (offline queue) is still cut off by the timeout', async () => {
      const patient = await connect({});
      const guarded = redisStore(patient, { timeoutSeconds: 0.5 });
      await server.stop();
      try {
        for (const call of calls(guarded)) await rejectsUnavailable(call, 900);
      } finally {
        await server.restart();
      }
      await eventually(() => guarded.getLockState('u', T0), 5_000);
    });
  });
});
