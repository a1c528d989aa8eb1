/**
 * Password-less passkey sign-in, as an anonymous visitor sees it (issue 21, item 2). A WebAuthn
 * user handle is not a secret, so: nobody without the key is charged to the user's lockout;
 * live, deleted and made-up handles get the same answer after the same work; the options
 * route leaves no session and nothing that outlives its challenge, and is limited per client
 * address. Real Express + express-session + Passport, on the memory store and Redis + PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import session from 'express-session';
import request from 'supertest';
import { memoryStore, postgresEnrolments, redisStore, type EnrolmentStore, type TwoStepOptions, type TwoStepStore } from '../src/index.ts';
import { addPasskey, json, ORIGIN, RP_ID, WEBAUTHN } from './support/passkey-app.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();

beforeEach(async () => {
  await postgresEnrolments(postgres.pool).createSchema();
  await postgres.truncate();
});

/** Every method called on `target`, in order, into `log` (the store's and the enrolments' work, made visible). */
function recording<T extends object>(target: T, name: string, log: string[]): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        log.push(`${name}.${String(key)}`);
        return value.apply(object, args);
      };
    },
  });
}

const backends = {
  memory: (): { store: TwoStepStore; enrolments?: EnrolmentStore } => ({ store: memoryStore() }),
  'Redis + PostgreSQL': (): { store: TwoStepStore; enrolments?: EnrolmentStore } => ({
    store: redisStore(redis.client, { timeoutSeconds: 2 }),
    enrolments: postgresEnrolments(postgres.pool, { timeoutSeconds: 2 }),
  }),
};

function passkeyApp(backend: keyof typeof backends, extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const log: string[] = [];
  const made = backends[backend]();
  const store = recording(made.store, 'store', log);
  const enrolments = made.enrolments ? recording(made.enrolments, 'enrolments', log) : undefined;
  // Only Alice can be loaded: Bob stands for a user deleted since his passkey was made.
  const alice = { id: 'u-alice', username: 'alice', password: 'alice-pass', role: 'staff' };
  const sessions = new session.MemoryStore();
  const env = makeTestApp(store, clock, {
    webauthn: WEBAUTHN,
    ...(enrolments ? { enrolments } : {}),
    users: { id: (u) => u.id, label: (u) => u.username, load: (id) => { log.push('users.load'); return id === alice.id ? alice : undefined; } },
    ...extra,
  }, sessions);
  env.app.set('trust proxy', 'loopback');
  env.app.use('/login/passkey', env.twoStep.passkeyLogin());
  return { clock, log, store, sessions, ...env };
}

type Env = ReturnType<typeof passkeyApp>;

async function withPasskey(env: Env, username: string) {
  const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
  const agent = request.agent(env.app);
  await logIn(agent, username);
  await addPasskey(agent, key);
  return key;
}

const from = (address: string) => ({ 'X-Forwarded-For': address, Accept: 'application/json' });
const optionsFrom = async (env: Env, address = '198.51.100.7') => {
  const answer = await request(env.app).post('/login/passkey/options').set(from(address)).send({});
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.options as { challenge: string };
};
const signIn = async (env: Env, credential: unknown, address = '198.51.100.7') =>
  request(env.app).post('/login/passkey').set(from(address)).send({ credential });
const failures = async (env: Env, userId = 'u-alice') => (await env.store.getLockState(userId, env.clock.now())).failures;
const sessionCount = (env: Env) => new Promise<number>((resolve, reject) => env.sessions.length((error, n) => (error ? reject(error) : resolve(n ?? 0))));

/** An answer signed by a key nobody registered, claiming `handle`. */
async function strangerAnswer(env: Env, handle: string | undefined, address?: string) {
  const stranger = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
  stranger.userHandle = handle;
  return stranger.assert(await optionsFrom(env, address));
}

for (const backend of Object.keys(backends) as (keyof typeof backends)[]) {
  describe(`passkey sign-in, anonymous visitors (${backend})`, () => {
    it('answers with a real user\'s handle but not her key do not touch her lockout (the review: 3 moved it to 3, 5 locked her)', async () => {
      const env = passkeyApp(backend);
      const key = await withPasskey(env, 'alice');
      for (let i = 0; i < 6; i += 1) {
        const refused = await signIn(env, await strangerAnswer(env, key.userHandle));
        assert.equal(refused.status, 401);
      }
      // Her own credential id, a signature that does not verify.
      const forged = key.assert(await optionsFrom(env));
      forged.response.signature = Buffer.from(randomBytes(70)).toString('base64url');
      assert.equal((await signIn(env, forged)).status, 401);
      assert.equal(await failures(env), 0, 'nothing charged to Alice');
      const hers = await signIn(env, key.assert(await optionsFrom(env)));
      assert.equal(hers.status, 200, 'and she is not locked: her passkey signs her in');
    });

    it('the key holder\'s own mistakes (no user verification, a spent counter) are hers to count', async () => {
      const env = passkeyApp(backend);
      const key = await withPasskey(env, 'alice');
      assert.equal((await signIn(env, key.assert(await optionsFrom(env)))).status, 200, 'the stored counter is now 1');
      const noUv = await signIn(env, key.assert(await optionsFrom(env), { userVerified: false }));
      assert.equal(noUv.status, 401);
      assert.equal(noUv.body.attemptsLeft, 4);
      const stale = await signIn(env, key.assert(await optionsFrom(env), { counter: 0 }));
      assert.equal(stale.status, 401);
      assert.equal(await failures(env), 2);
    });

    it('live, deleted and made-up handles get the same status and body, after the same store and database work', async () => {
      const env = passkeyApp(backend);
      const aliceKey = await withPasskey(env, 'alice');
      const bobKey = await withPasskey(env, 'bob');
      const handles = {
        live: aliceKey.userHandle,
        deleted: bobKey.userHandle,
        madeUp: Buffer.from(randomBytes(48)).toString('base64url'),
        none: undefined,
      };
      const answers: Record<string, { status: number; body: unknown; work: string[] }> = {};
      for (const [kind, handle] of Object.entries(handles)) {
        const credential = await strangerAnswer(env, handle);
        env.log.length = 0;
        const answer = await signIn(env, credential);
        answers[kind] = { status: answer.status, body: answer.body, work: [...env.log] };
      }
      for (const kind of ['deleted', 'madeUp', 'none']) {
        assert.equal(answers[kind]!.status, answers.live!.status, kind);
        assert.deepEqual(answers[kind]!.body, answers.live!.body, kind);
      }
      assert.equal(answers.live!.status, 401);
      assert.equal((answers.live!.body as { attemptsLeft?: number }).attemptsLeft, undefined);
      // A live user and a deleted one: the very same calls, the app's `load` included.
      assert.deepEqual(answers.deleted!.work, answers.live!.work);
      // A handle we never made decodes to nobody, so the app is not asked to load anyone;
      // everything else (challenge, enrolment read, the handle's count) is the same.
      const withoutLoad = (work: string[]) => work.filter((call) => call !== 'users.load');
      assert.deepEqual(withoutLoad(answers.madeUp!.work), withoutLoad(answers.live!.work));
      assert.ok(answers.live!.work.some((call) => call === 'enrolments.read' || backend === 'memory'), 'the enrolment is read for everyone');
    });

    it('200 anonymous option requests set no cookie, save no session, and leave only keys that die with their challenge', async () => {
      const env = passkeyApp(backend);
      const keysBefore = backend === 'memory' ? [] : await redis.client.keys('*');
      for (let i = 0; i < 200; i += 1) {
        const answer = await request(env.app).post('/login/passkey/options').set('Accept', 'application/json').send({});
        assert.equal(answer.status, 200);
        assert.equal(answer.headers['set-cookie'], undefined, 'no Set-Cookie');
      }
      assert.equal(await sessionCount(env), 0, 'no server session');
      if (backend !== 'memory') {
        const added = (await redis.client.keys('*')).filter((key) => !keysBefore.includes(key));
        const ttls = await Promise.all(added.map(async (key) => ({ key, ttlMs: await redis.client.pttl(key) })));
        const outliving = ttls.filter(({ ttlMs }) => ttlMs < 0 || ttlMs > 300_000);
        // One key outlives a challenge: the client address's window of option requests (900 s).
        assert.equal(outliving.length, 1, JSON.stringify(outliving));
        assert.match(outliving[0]!.key, /\{w\.passkey-options\./);
        assert.ok(outliving[0]!.ttlMs <= 900_000);
      }
      // And the challenges still work without any session.
      const key = await withPasskey(env, 'alice');
      assert.equal((await signIn(env, key.assert(await optionsFrom(env)))).status, 200);
    });

    it('the options route is limited per client address, with Retry-After; another address is not', async () => {
      const env = passkeyApp(backend, { addressLimit: { passkeyOptions: 5 } });
      for (let i = 0; i < 5; i += 1) await optionsFrom(env, '203.0.113.5');
      const limited = await request(env.app).post('/login/passkey/options').set(from('203.0.113.5')).send({});
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error, 'rate_limited');
      assert.equal(limited.headers['retry-after'], '900');
      await optionsFrom(env, '203.0.113.6');
      env.clock.advanceSeconds(900);
      await optionsFrom(env, '203.0.113.5');
    });

    it('failed sign-ins count per client address and per handle, apart from the lockout; the key\'s owner is never refused by the handle\'s count', async () => {
      const env = passkeyApp(backend, { addressLimit: { wrongAnswers: 3, passkeyFailuresPerHandle: 4 } });
      const key = await withPasskey(env, 'alice');
      for (let i = 0; i < 3; i += 1) assert.equal((await signIn(env, await strangerAnswer(env, key.userHandle, '203.0.113.5'), '203.0.113.5')).status, 401);
      const byAddress = await signIn(env, await strangerAnswer(env, key.userHandle, '203.0.113.5'), '203.0.113.5');
      assert.equal(byAddress.status, 429, 'the address has used its wrong answers');
      assert.equal(byAddress.body.error, 'rate_limited');
      assert.ok(Number(byAddress.headers['retry-after']) > 0);
      // Another address: the handle has one failure left, then its own window is full.
      assert.equal((await signIn(env, await strangerAnswer(env, key.userHandle, '203.0.113.6'), '203.0.113.6')).status, 401);
      const byHandle = await signIn(env, await strangerAnswer(env, key.userHandle, '203.0.113.7'), '203.0.113.7');
      assert.equal(byHandle.status, 429, 'the handle has had its failures');
      assert.equal(await failures(env), 0, 'none of it charged to Alice');
      assert.equal((await signIn(env, key.assert(await optionsFrom(env, '203.0.113.8')), '203.0.113.8')).status, 200, 'her own key still signs her in');
    });
  });
}
