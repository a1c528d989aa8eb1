/**
 * A setup belongs to the session that started it (issue 21, item 1). The attack from the
 * outside review: a stale session of the same user (verified long ago, no re-verification)
 * fetches the creation options of a passkey setup another session started, confirms it, is
 * then "freshly verified with a passkey" and turns 2FA off. Two supertest agents of one user,
 * real Express + express-session + Passport, on the memory store and on Redis + PostgreSQL.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, postgresEnrolments, redisStore, type TwoStepOptions } from '../src/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { json, ORIGIN, RP_ID, WEBAUTHN } from './support/passkey-app.ts';
import { outbox } from './support/outbox.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent, type TestUser } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();

beforeEach(async () => {
  await postgresEnrolments(postgres.pool).createSchema();
  await postgres.truncate();
});

const backends = {
  memory: () => ({ store: memoryStore(), extra: {} }),
  'Redis + PostgreSQL': () => ({ store: redisStore(redis.client, { timeoutSeconds: 2 }), extra: { enrolments: postgresEnrolments(postgres.pool, { timeoutSeconds: 2 }) } }),
};

function setup(backend: keyof typeof backends, more: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const mail = outbox();
  const sms = outbox();
  const { store, extra } = backends[backend]();
  // No users.verifyPassword: the apps the review found exposed.
  const made = makeTestApp(store, clock, { webauthn: WEBAUTHN, delivery: { email: mail.deliver, sms: sms.deliver }, notifications: false, ...extra, ...more });
  return { clock, store, mail, sms, ...made };
}

type Env = ReturnType<typeof setup>;

/**
 * Alice enrols an app in `owner`; `stale` signs in with it, then 10 minutes pass (twice the
 * re-verification window); `owner` re-verifies, as a user adding a method does.
 */
async function twoSessionsOfAlice(env: Env) {
  const owner = request.agent(env.app);
  await logIn(owner, 'alice');
  const { secret } = await enrolTotp(owner, env.clock);
  env.clock.advanceSeconds(60);
  const stale = request.agent(env.app);
  await logIn(stale, 'alice');
  assert.equal((await json(stale, '/2fa/verify', { code: generateTotp({ secret, nowMs: env.clock.now() }) })).status, 200);
  env.clock.advanceSeconds(600);
  assert.equal((await json(owner, '/2fa/reverify', { code: generateTotp({ secret, nowMs: env.clock.now() }) })).status, 200);
  env.clock.advanceSeconds(30);
  return { owner, stale, secret };
}

const failures = async (env: Env) => (await env.store.getLockState('u-alice', env.clock.now())).failures;
const amrOf = async (agent: Agent) => (await agent.get('/api/me').set('Accept', 'application/json')).body.session?.amr;

for (const backend of Object.keys(backends) as (keyof typeof backends)[]) {
  describe(`a setup belongs to the session that started it (${backend})`, () => {
    it('the review\'s attack: a stale session cannot fetch or confirm another session\'s passkey setup, so cannot disable 2FA', async () => {
      const env = setup(backend);
      const { owner, stale } = await twoSessionsOfAlice(env);
      const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
      const started = await json(owner, '/2fa/methods', { type: 'webauthn' });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const methodId = started.body.id as string;

      const options = await json(stale, `/2fa/methods/${methodId}/options`);
      assert.equal(options.status, 404, 'the options of another session\'s setup');
      assert.equal(options.body.error, 'method_not_found');
      const confirm = await json(stale, `/2fa/methods/${methodId}/confirm`, { credential: key.register(started.body.options), name: 'Mine now' });
      assert.equal(confirm.status, 404, 'confirming another session\'s setup');
      assert.equal(confirm.body.error, 'method_not_found');
      assert.deepEqual(await amrOf(stale), ['pwd', 'totp'], 'the stale session gained nothing');
      const disable = await json(stale, '/2fa/disable');
      assert.equal(disable.status, 403);
      assert.equal(disable.body.error, 'reverify_required');

      // The session that started it finishes it, with the options it was given.
      const confirmed = await json(owner, `/2fa/methods/${methodId}/confirm`, { credential: key.register(started.body.options) });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.deepEqual(await amrOf(owner), ['pwd', 'hwk'], 'the confirming session: verified by what it proved');
      assert.deepEqual(await amrOf(stale), ['pwd', 'totp'], 'the other session: unchanged');
      assert.equal((await json(stale, '/2fa/disable')).status, 403, 'and still has to re-verify');
      assert.equal((await json(owner, '/2fa/disable')).status, 200);
      const status = await owner.get('/2fa/status').set('Accept', 'application/json');
      assert.equal(status.body.enabled, false);
    });

    it('an authenticator app setup: its key and QR code, and its confirmation, are the starting session\'s alone', async () => {
      const env = setup(backend);
      const { owner, stale } = await twoSessionsOfAlice(env);
      const started = await json(owner, '/2fa/methods', { type: 'totp' });
      assert.equal(started.status, 201);
      const { id, secret } = started.body as { id: string; secret: string };

      const page = await stale.get(`/2fa/methods/${id}`).set('Accept', 'text/html');
      assert.equal(page.status, 404);
      assert.ok(!page.text.includes(started.body.setupKey), 'the setup key is not shown to another session');
      const code = generateTotp({ secret, nowMs: env.clock.now() });
      const confirm = await json(stale, `/2fa/methods/${id}/confirm`, { code });
      assert.equal(confirm.status, 404);
      assert.equal(await failures(env), 0, 'nothing compared, nothing counted');
      assert.equal((await json(stale, '/2fa/disable')).status, 403);

      assert.equal((await owner.get(`/2fa/methods/${id}`).set('Accept', 'text/html')).status, 200);
      assert.equal((await json(owner, `/2fa/methods/${id}/confirm`, { code })).status, 200);
      assert.deepEqual(await amrOf(owner), ['pwd', 'totp']);
    });

    it('an email or phone setup: no resend and no confirmation from another session', async () => {
      const env = setup(backend);
      const { owner, stale } = await twoSessionsOfAlice(env);
      for (const [type, field, to, box] of [['email', 'address', 'alice@clinic.example', env.mail], ['sms', 'phone', '+14155552671', env.sms]] as const) {
        const started = await json(owner, '/2fa/methods', { type, [field]: to });
        assert.equal(started.status, 201, JSON.stringify(started.body));
        const sentBefore = box.sent.length;
        const resend = await json(stale, `/2fa/methods/${started.body.id}/send`);
        assert.equal(resend.status, 404, `${type}: resend from another session`);
        assert.equal(box.sent.length, sentBefore, `${type}: nothing sent`);
        const confirm = await json(stale, `/2fa/methods/${started.body.id}/confirm`, { code: box.lastCode(to) });
        assert.equal(confirm.status, 404, `${type}: confirm from another session`);
        assert.equal((await json(stale, '/2fa/disable')).status, 403);
        const mine = await json(owner, `/2fa/methods/${started.body.id}/confirm`, { code: box.lastCode(to) });
        assert.equal(mine.status, 200, JSON.stringify(mine.body));
      }
      assert.equal(await failures(env), 0);
    });

    it('forced setup: another session in setup cannot confirm the first one\'s authenticator app', async () => {
      const env = setup(backend, { policy: () => 'required' });
      const first = request.agent(env.app);
      const second = request.agent(env.app);
      assert.equal((await logIn(first, 'alice')).status, 401);
      assert.equal((await logIn(second, 'alice')).status, 401);
      const started = await json(first, '/2fa/methods', { type: 'totp' });
      assert.equal(started.status, 201);
      const code = generateTotp({ secret: started.body.secret, nowMs: env.clock.now() });
      assert.equal((await json(second, `/2fa/methods/${started.body.id}/confirm`, { code })).status, 404);
      assert.equal((await second.get('/api/me').set('Accept', 'application/json')).status, 401, 'still held back');
      assert.equal((await json(first, `/2fa/methods/${started.body.id}/confirm`, { code })).status, 200);
      assert.equal((await first.get('/api/me').set('Accept', 'application/json')).status, 200);
    });
  });
}

describe('setup ownership at rest', () => {
  it('the enrolment keeps only a keyed hash of the session\'s setup key, and drops it on confirmation', async () => {
    const env = setup('Redis + PostgreSQL');
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const started = await json(agent, '/2fa/methods', { type: 'totp' });
    const read = async () => (await postgresEnrolments(postgres.pool).read('u-alice'))!.enrolment.methods.find((m) => m.id === started.body.id)!;
    const pending = await read();
    assert.match(pending.setupOwner ?? '', /^[A-Za-z0-9_-]{43}$/, 'an HMAC-SHA256, base64url');
    assert.equal((await json(agent, `/2fa/methods/${started.body.id}/confirm`, { code: generateTotp({ secret: started.body.secret, nowMs: env.clock.now() }) })).status, 200);
    assert.equal((await read()).setupOwner, undefined);
  });
});
