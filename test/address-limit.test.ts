/**
 * The limit per client address (issue 21, item 7): a sliding window beside the per-account
 * lockout. Wrong answers at sign-in and re-verification, and code sends, from one `req.ip`
 * (under the app's `trust proxy`; IPv6 by /56) are counted across accounts; past the window's
 * number, `429 rate_limited` with `Retry-After`; another address is not affected; right answers
 * never count. Real Express + express-session + Passport, on the memory store and a real Redis
 * (the Cluster's reserve + release is in the store contract, test/store-cluster.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTwoStep, memoryStore, redisStore, type TwoStepOptions, type TwoStepStore } from '../src/index.ts';
import { generateTotp, internalsOf } from '../src/testing/index.ts';
import { outbox } from './support/outbox.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, TEST_SECRET, wrongCode, type Agent, type TestUser } from './support/test-app.ts';

const redis = useTestRedis();

const backends: Record<string, () => TwoStepStore> = {
  memory: () => memoryStore(),
  redis: () => redisStore(redis.client, { timeoutSeconds: 2 }),
};

/** Alice and Bob with an authenticator app each; lockout raised so that only the address limit stops 50 wrong answers. */
async function twoUsers(makeStore: () => TwoStepStore, extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const mail = outbox();
  const env = makeTestApp(makeStore(), clock, { lockout: { maxAttempts: 100 }, delivery: { email: mail.deliver }, notifications: false, ...extra });
  env.app.set('trust proxy', 'loopback');
  const secrets: Record<string, string> = {};
  for (const name of ['alice', 'bob']) {
    const agent = request.agent(env.app);
    await logIn(agent, name);
    secrets[name] = (await enrolTotp(agent, clock)).secret;
  }
  clock.advanceSeconds(60);
  return { ...env, clock, mail, secrets };
}

type Env = Awaited<ReturnType<typeof twoUsers>>;

async function pending(env: Env, name: string): Promise<Agent> {
  const agent = request.agent(env.app);
  assert.equal((await logIn(agent, name)).status, 401);
  return agent;
}

const verify = (agent: Agent, code: string, address: string) =>
  agent.post('/2fa/verify').set({ Accept: 'application/json', 'X-Forwarded-For': address }).send({ code });

for (const [name, makeStore] of Object.entries(backends)) {
  describe(`the limit per client address (${name})`, () => {
    it('50 wrong answers per address in 15 minutes, across accounts; the 51st is 429 with Retry-After; another address is not affected', async () => {
      const env = await twoUsers(makeStore);
      const sessions = { alice: await pending(env, 'alice'), bob: await pending(env, 'bob') };
      for (let i = 0; i < 50; i += 1) {
        const who = i % 2 === 0 ? 'alice' : 'bob';
        const res = await verify(sessions[who], wrongCode(env.secrets[who]!, env.clock.now()), '203.0.113.5');
        assert.equal(res.status, 401, `wrong answer ${i + 1}: ${JSON.stringify(res.body)}`);
      }
      env.clock.advanceSeconds(100);
      const limited = await verify(sessions.alice, wrongCode(env.secrets.alice!, env.clock.now()), '203.0.113.5');
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error, 'rate_limited');
      assert.equal(limited.headers['retry-after'], '800', 'until the oldest counted answer leaves the window');
      // Even a right answer waits: the address is refused before anything is compared.
      const right = await verify(sessions.bob, generateTotp({ secret: env.secrets.bob!, nowMs: env.clock.now() }), '203.0.113.5');
      assert.equal(right.status, 429);
      assert.equal((await internalsOf(env.twoStep).store.getLockState('u-alice', env.clock.now())).failures, 25, 'the refused answers were not counted for the account');
      const elsewhere = await verify(sessions.alice, generateTotp({ secret: env.secrets.alice!, nowMs: env.clock.now() }), '203.0.113.6');
      assert.equal(elsewhere.status, 200, 'another address is not affected');
      env.clock.advanceSeconds(800);
      assert.equal((await verify(await pending(env, 'bob'), generateTotp({ secret: env.secrets.bob!, nowMs: env.clock.now() }), '203.0.113.5')).status, 200, 'the window slid');
    });

    it('right answers are never counted; re-verification counts in the same window', async () => {
      const env = await twoUsers(makeStore, { addressLimit: { wrongAnswers: 3 } });
      const alice = await pending(env, 'alice');
      assert.equal((await verify(alice, wrongCode(env.secrets.alice!, env.clock.now()), '198.51.100.1')).status, 401);
      for (let i = 0; i < 4; i += 1) {
        env.clock.advanceSeconds(30);
        const bob = await pending(env, 'bob');
        assert.equal((await verify(bob, generateTotp({ secret: env.secrets.bob!, nowMs: env.clock.now() }), '198.51.100.1')).status, 200, `right answer ${i + 1}`);
      }
      env.clock.advanceSeconds(30);
      assert.equal((await verify(alice, generateTotp({ secret: env.secrets.alice!, nowMs: env.clock.now() }), '198.51.100.1')).status, 200);
      // Alice, now verified, re-verifies with wrong codes: two more fill the window.
      const reverify = (code: string) => alice.post('/2fa/reverify').set({ Accept: 'application/json', 'X-Forwarded-For': '198.51.100.1' }).send({ code });
      assert.equal((await reverify(wrongCode(env.secrets.alice!, env.clock.now()))).status, 401);
      assert.equal((await reverify(wrongCode(env.secrets.alice!, env.clock.now()))).status, 401);
      const limited = await reverify(wrongCode(env.secrets.alice!, env.clock.now()));
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) > 0);
    });

    it('IPv6 counts by /56, IPv4-mapped addresses as IPv4', async () => {
      const env = await twoUsers(makeStore, { addressLimit: { wrongAnswers: 2 } });
      const alice = await pending(env, 'alice');
      const wrong = () => wrongCode(env.secrets.alice!, env.clock.now());
      assert.equal((await verify(alice, wrong(), '2001:db8:0:ab00::1')).status, 401);
      assert.equal((await verify(alice, wrong(), '2001:db8:0:abff:ffff::9')).status, 401);
      assert.equal((await verify(alice, wrong(), '2001:db8:0:ab12::77')).status, 429, 'the same /56');
      assert.equal((await verify(alice, wrong(), '2001:db8:0:ac00::1')).status, 401, 'the next /56');
      assert.equal((await verify(alice, wrong(), '192.0.2.10')).status, 401);
      assert.equal((await verify(alice, wrong(), '::ffff:192.0.2.10')).status, 401);
      assert.equal((await verify(alice, wrong(), '192.0.2.10')).status, 429, 'one IPv4 address, however written');
    });

    it('50 code sends per address in 15 minutes; another address is not affected', async () => {
      const env = await twoUsers(makeStore, { codes: { cooldownSeconds: 1, maxSendsPerHour: 1000 } });
      const agent = request.agent(env.app);
      await logIn(agent, 'carol');
      const started = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'carol@clinic.example' });
      assert.equal((await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code: env.mail.lastCode() })).status, 200);
      const carol = await pending(env, 'carol');
      const send = (address: string) => carol.post('/2fa/send').set({ Accept: 'application/json', 'X-Forwarded-For': address }).send({});
      for (let i = 0; i < 50; i += 1) {
        env.clock.advanceSeconds(1);
        assert.equal((await send('203.0.113.9')).status, 200, `send ${i + 1}`);
      }
      env.clock.advanceSeconds(1);
      const limited = await send('203.0.113.9');
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) > 800);
      assert.equal((await send('203.0.113.10')).status, 200, 'another address is not affected');
    });

    it('never instead of the lockout: 5 wrong answers still lock the account, whatever the address', async () => {
      const env = await twoUsers(makeStore, { lockout: { maxAttempts: 5 } });
      const alice = await pending(env, 'alice');
      for (let i = 0; i < 5; i += 1) await verify(alice, wrongCode(env.secrets.alice!, env.clock.now()), `192.0.2.${i + 1}`);
      const locked = await verify(alice, generateTotp({ secret: env.secrets.alice!, nowMs: env.clock.now() }), '192.0.2.99');
      assert.equal(locked.status, 429);
      assert.equal(locked.body.error, 'locked');
    });

    it('dangerouslyDisableAddressLimit turns it off (the lockout stays)', async () => {
      const env = await twoUsers(makeStore, { dangerouslyDisableAddressLimit: true });
      const alice = await pending(env, 'alice');
      for (let i = 0; i < 60; i += 1) assert.equal((await verify(alice, wrongCode(env.secrets.alice!, env.clock.now()), '203.0.113.5')).status, 401);
    });
  });
}

describe('the limit per client address on one Redis: one round trip per wrong answer', () => {
  it('a wrong code at POST /2fa/verify is one Redis command, the lockout and the address window in one script', async () => {
    // Every command the store sends, counted at the client (commands inside a script are not).
    const sent: string[] = [];
    const client = new Proxy(redis.client, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (...args: unknown[]) => { sent.push(String(key)); return value.apply(target, args); } : value;
      },
    });
    const env = await twoUsers(() => redisStore(client, { timeoutSeconds: 2 }));
    const alice = await pending(env, 'alice');
    await verify(alice, wrongCode(env.secrets.alice!, env.clock.now()), '203.0.113.5');
    sent.length = 0;
    assert.equal((await verify(alice, wrongCode(env.secrets.alice!, env.clock.now()), '203.0.113.5')).status, 401);
    assert.deepEqual(sent, ['evalsha']);
    const keys = await redis.client.keys('*{w.answers.*');
    assert.equal(keys.length, 1, 'the window is in Redis');
    assert.equal(await redis.client.zcard(keys[0]!), 2);
  });
});

describe('addressLimit options', () => {
  const base = { secret: TEST_SECRET, users: { id: (u: { id: string }) => u.id }, store: memoryStore() };
  it('are validated once, at start-up', () => {
    assert.throws(() => createTwoStep({ ...base, dangerouslyDisableAddressLimit: 'yes' as unknown as boolean }), /dangerouslyDisableAddressLimit` must be true or false/);
    assert.throws(() => createTwoStep({ ...base, addressLimit: { wrongAnswers: 10 }, dangerouslyDisableAddressLimit: true }), /contradict/);
    assert.throws(() => createTwoStep({ ...base, addressLimit: { wrongAnswers: 0 } }), /addressLimit\.wrongAnswers must be a whole number/);
    assert.throws(() => createTwoStep({ ...base, addressLimit: { perMinute: 3 } as never }), /unknown option "addressLimit\.perMinute"/);
    assert.doesNotThrow(() => createTwoStep({ ...base, addressLimit: { windowSeconds: 60, sends: 5 } }));
  });
});
