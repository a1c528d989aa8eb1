/**
 * "Last used" for each method, durable and free, on real Redis counters with PostgreSQL or
 * Redis enrolments, through a real Express + express-session + Passport app: a sign-in with an
 * authenticator app, an email code or a recovery code records when, in the very statement
 * that accepts it (TOTP, recovery) or in one statement after a right sent code; a wrong code
 * makes no enrolment-store call at all; `/2fa/status` and the settings page say when; a table
 * made before the column existed gets it from `createSchema()`.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { postgresEnrolments, redisStore, type EnrolmentStore } from '../src/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { renderSettingsPage } from '../src/pages/settings-page.ts';
import { defaultTexts } from '../src/pages/texts.ts';
import { outbox } from './support/outbox.ts';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { enrolTotp, logIn, makeTestApp, manualClock, wrongCode, type Agent } from './support/test-app.ts';

const redis = useTestRedis();
const postgres = usePostgres();
const JSON_TYPE = 'application/json';

beforeEach(async () => {
  await postgresEnrolments(postgres.pool).createSchema();
  await postgres.truncate();
  await redis.client.flushall();
});

/** The enrolment store, counting every call by name. */
function counted(store: EnrolmentStore) {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

const backends: [string, () => EnrolmentStore | undefined][] = [
  ['PostgreSQL enrolments', () => postgresEnrolments(postgres.pool)],
  ['Redis enrolments', () => undefined],
];

for (const [name, make] of backends) {
  describe(`last used (${name}, Redis counters)`, () => {
    function setup() {
      const clock = manualClock(Date.UTC(2026, 11, 4, 9, 0, 0));
      const mail = outbox();
      const given = make();
      const counting = given ? counted(given) : undefined;
      const env = makeTestApp(redisStore(redis.client), clock, {
        delivery: { email: mail.deliver }, notifications: false, ...(counting ? { enrolments: counting.store } : {}),
      });
      return { ...env, clock, mail, calls: counting?.calls };
    }
    const status = async (agent: Agent) => (await agent.get('/2fa/status').set('Accept', JSON_TYPE)).body;

    it('an app code, an email code and a recovery code each record when; a wrong code records nothing and costs no enrolment call', async () => {
      const env = setup();
      const owner = request.agent(env.app);
      await logIn(owner, 'alice');
      const { secret, methodId: appId, recoveryCodes } = await enrolTotp(owner, env.clock);
      const started = await owner.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'email', address: 'alice@clinic.example' });
      await owner.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_TYPE).send({ code: env.mail.lastCode() });
      const emailId = started.body.id as string;
      const before = await status(owner);
      const setUpAt = new Date(env.clock.now()).toISOString();
      assert.equal(before.methods.find((m: { id: string }) => m.id === emailId).lastUsedAt, setUpAt, 'its first code, at setup, is its first use');
      assert.equal(before.methods.find((m: { id: string }) => m.id === appId).lastUsedAt, setUpAt, "an app's too");
      assert.equal(before.recoveryCodesLastUsedAt, null);

      // Sign in with the app an hour later.
      env.clock.advanceSeconds(3600);
      const appAt = new Date(env.clock.now()).toISOString();
      const withApp = request.agent(env.app);
      await logIn(withApp, 'alice');
      // A wrong code first: refused, and no enrolment store call at all.
      env.calls?.splice(0);
      assert.equal((await withApp.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, env.clock.now()) })).status, 401);
      if (env.calls) assert.deepEqual(env.calls, [], 'a wrong code called the enrolment store');
      assert.equal((await withApp.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) })).status, 200);
      if (env.calls) assert.deepEqual(env.calls, ['advanceTotpStep'], 'the right code: the one statement it always cost');
      let now = await status(withApp);
      assert.equal(now.methods.find((m: { id: string }) => m.id === appId).lastUsedAt, appAt);

      // An email code the next day.
      env.clock.advanceSeconds(86_400);
      const emailAt = new Date(env.clock.now()).toISOString();
      const withEmail = request.agent(env.app);
      await logIn(withEmail, 'alice');
      assert.equal((await withEmail.post('/2fa/send').set('Accept', JSON_TYPE).send({ method: emailId })).status, 200);
      const sentCode = env.mail.lastCode();
      env.calls?.splice(0);
      assert.equal((await withEmail.post('/2fa/verify').set('Accept', JSON_TYPE).send({ method: emailId, code: sentCode === '000000' ? '111111' : '000000' })).status, 401);
      if (env.calls) assert.deepEqual(env.calls, [], 'a wrong email code called the enrolment store');
      assert.equal((await withEmail.post('/2fa/verify').set('Accept', JSON_TYPE).send({ method: emailId, code: sentCode })).status, 200);
      if (env.calls) assert.deepEqual(env.calls, ['recordMethodUse']);
      now = await status(withEmail);
      assert.equal(now.methods.find((m: { id: string }) => m.id === emailId).lastUsedAt, emailAt);
      assert.equal(now.methods.find((m: { id: string }) => m.id === appId).lastUsedAt, appAt, 'the app keeps its own');

      // A recovery code.
      env.clock.advanceSeconds(600);
      const recoveryAt = new Date(env.clock.now()).toISOString();
      const withRecovery = request.agent(env.app);
      await logIn(withRecovery, 'alice');
      assert.equal((await withRecovery.post('/2fa/verify').set('Accept', JSON_TYPE).send({ recoveryCode: recoveryCodes[0] })).status, 200);
      now = await status(withRecovery);
      assert.equal(now.recoveryCodesLastUsedAt, recoveryAt);

      const page = (await withRecovery.get('/2fa').set('Accept', 'text/html')).text;
      assert.match(page, new RegExp(`last used <time datetime="${appAt}">2026-12-04</time>`));
      assert.match(page, new RegExp(`last used <time datetime="${emailAt}">2026-12-05</time>`));
      assert.match(page, new RegExp(`A recovery code was last used <time datetime="${recoveryAt}">2026-12-05</time>\\.`));
    });

    it('removing a method takes its last use with it; a new one starts from its own setup', async () => {
      const env = setup();
      const agent = request.agent(env.app);
      await logIn(agent, 'alice');
      const { secret, methodId } = await enrolTotp(agent, env.clock);
      env.clock.advanceSeconds(60);
      const again = request.agent(env.app);
      await logIn(again, 'alice');
      await again.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
      assert.notEqual((await status(again)).methods[0].lastUsedAt, null);
      env.clock.advanceSeconds(60);
      const second = await enrolTotp(again, env.clock);
      env.clock.advanceSeconds(60);
      await again.post(`/2fa/methods/${methodId}/delete`).set('Accept', JSON_TYPE).send({ password: 'alice-pass', code: generateTotp({ secret: second.secret, nowMs: env.clock.now() }) });
      const left = await status(again);
      assert.deepEqual(left.methods.map((m: { id: string; lastUsedAt: string | null }) => [m.id, m.lastUsedAt]), [[second.methodId, new Date(env.clock.now() - 60_000).toISOString()]]);
    });
  });
}

describe('last used on the settings page', () => {
  it('a method used before twostep kept last uses (or a passkey not used since it was added) says "not used yet"', () => {
    const html = renderSettingsPage({
      mountPath: '/2fa', csrfToken: 't', texts: defaultTexts, lang: 'en', assets: { stylesheet: '/s.css', script: '/s.js' },
      enabled: true, recoveryCodesLeft: 10,
      methods: [
        { id: 'a', type: 'totp', label: 'Authenticator app', primary: true, lastUsedAt: Date.UTC(2026, 11, 4, 9) },
        { id: 'b', type: 'webauthn', label: 'This laptop', primary: false, synced: true },
      ],
    });
    assert.match(html, /last used <time datetime="2026-12-04T09:00:00\.000Z">2026-12-04<\/time>/);
    assert.match(html, /<span class="muted method-used">not used yet<\/span>/);
    assert.doesNotMatch(html, /A recovery code was last used/, 'never used: nothing said');
  });
});

describe('last used: upgrading a PostgreSQL table made before it', () => {
  it('createSchema() adds last_used to an existing table, keeping its rows; reads and writes work', async () => {
    const enrolments = postgresEnrolments(postgres.pool);
    await enrolments.write('old', 0, { enabled: true, methods: [{ id: 'm1', type: 'totp', label: 'Authenticator app', primary: true, confirmed: true, createdAt: 1 }], updatedAt: 1 });
    await postgres.pool.query('ALTER TABLE twostep_enrolments DROP COLUMN last_used');
    await enrolments.createSchema();
    assert.deepEqual((await enrolments.read('old'))?.lastUsed, {});
    assert.equal(await enrolments.advanceTotpStep('old', 1, 'm1', 10, 5000), true);
    assert.deepEqual((await enrolments.read('old'))?.lastUsed, { m1: 5000 });
  });
});
