/**
 * A half-finished sign-in ends by itself (`pendingSeconds`, default 10 minutes): after that a
 * right code no longer finishes it, the challenge says so, and the user signs in again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTwoStep, memoryStore, redisStore, type TwoStepStore } from '../src/index.js';
import { generateTotp, internalsOf } from '../src/testing/index.js';
import { enrolledAndPending } from './support/enrolled-user.js';
import { outbox } from './support/outbox.js';
import { useTestRedis } from './support/redis-fixture.js';
import { logIn, makeTestApp, manualClock, TEST_SECRET } from './support/test-app.js';

const JSON_ACCEPT = 'application/json';

describe('the lifetime of a half-finished sign-in', () => {
  it('refuses a right code 10 minutes after the password with sign_in_expired, and signs the session out', async () => {
    const { agent, secret, clock, store } = await enrolledAndPending();
    clock.advanceSeconds(600);
    const late = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(late.status, 401);
    assert.equal(late.body.error, 'sign_in_expired');
    assert.match(late.body.message, /[Ss]ign in with your password again/);
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 0, 'nothing was compared or counted');
    assert.equal((await agent.get('/api/me').set('Accept', JSON_ACCEPT)).status, 401);
    assert.equal((await agent.get('/2fa/status').set('Accept', JSON_ACCEPT)).body.state, 'anonymous');
    const again = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(again.status, 401);
    assert.notEqual(again.body.verified, true);
  });

  it('accepts the code just before the end, and signing in again starts a fresh challenge at the first try', async () => {
    const early = await enrolledAndPending();
    early.clock.advanceSeconds(599);
    const ok = await early.agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: generateTotp({ secret: early.secret, nowMs: early.clock.now() }) });
    assert.equal(ok.status, 200);

    const { agent, secret, clock } = await enrolledAndPending();
    clock.advanceSeconds(3600);
    const login = await logIn(agent, 'alice');
    assert.equal(login.status, 401);
    assert.equal(login.body.error, 'second_factor_required');
    clock.advanceSeconds(30);
    const verify = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(verify.status, 200);
  });

  it('tells a browser on the challenge page that the sign-in expired, with a link to sign in', async () => {
    const { agent, clock } = await enrolledAndPending();
    clock.advanceSeconds(601);
    const page = await agent.get('/2fa/verify').set('Accept', 'text/html');
    assert.equal(page.status, 401);
    assert.match(page.text, /Your sign-in has expired/);
    assert.match(page.text, /href="\/login"/);
  });

  it('sends a browser elsewhere in the app on as signed out', async () => {
    const { agent, clock } = await enrolledAndPending();
    clock.advanceSeconds(601);
    const home = await agent.get('/').set('Accept', 'text/html');
    assert.equal(home.status, 302);
    assert.equal(home.headers.location, '/login');
  });

  it('ends forced setup too, and honours pendingSeconds', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock, { policy: () => 'required', pendingSeconds: 120 });
    const agent = request.agent(app);
    const login = await logIn(agent, 'bob');
    assert.equal(login.status, 401);
    assert.match(login.body.setupUrl, /\/2fa\/setup/);
    clock.advanceSeconds(119);
    assert.equal((await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'totp' })).status, 201);
    clock.advanceSeconds(1);
    const late = await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'totp' });
    assert.equal(late.status, 401);
    assert.equal(late.body.error, 'sign_in_expired');
  });

  it('validates pendingSeconds and pendingMaxSeconds', () => {
    const make = (extra: object) => createTwoStep({ secret: TEST_SECRET, users: { id: () => 'x' }, ...extra });
    assert.equal(internalsOf(make({})).options.pendingMaxSeconds, 1800);
    // Raising only pendingSeconds raises the cap with it.
    assert.equal(internalsOf(make({ pendingSeconds: 3600 })).options.pendingMaxSeconds, 3600);
    assert.throws(() => make({ pendingSeconds: 900, pendingMaxSeconds: 600 }), /pendingMaxSeconds \(600\) must be at least pendingSeconds \(900\)/);
    for (const pendingMaxSeconds of [0, 1.5, '1800', 86_401]) assert.throws(() => make({ pendingMaxSeconds }), /pendingMaxSeconds/);

    for (const pendingSeconds of [0, -1, 1.5, '600', 86_401]) {
      assert.throws(() => createTwoStep({ secret: TEST_SECRET, users: { id: () => 'x' }, pendingSeconds: pendingSeconds as number }), /pendingSeconds/);
    }
  });
});

const redis = useTestRedis();

/**
 * The seed's rule for email/SMS codes: each expires 10 minutes after it is requested, and a new
 * one does not invalidate an earlier one. The half-finished sign-in must not cut that short.
 */
for (const [name, makeStore] of [['memory', () => memoryStore()], ['Redis', () => redisStore(redis.client)]] as const) {
  describe(`a sign-in waiting for an email code lives as long as its latest code (${name} store)`, () => {
    async function pendingWithEmail(store: TwoStepStore) {
      const clock = manualClock();
      const mail = outbox();
      const { app } = makeTestApp(store, clock, { delivery: { email: mail.deliver }, notifications: false });
      const setup = request.agent(app);
      await logIn(setup, 'alice');
      const started = await setup.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'email', address: 'alice@clinic.example' });
      assert.equal((await setup.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_ACCEPT).send({ code: mail.lastCode() })).status, 200);
      clock.advanceSeconds(60);
      const agent = request.agent(app);
      // The password: the only method is email, so its first code goes out at once.
      assert.equal((await logIn(agent, 'alice')).body.error, 'second_factor_required');
      const resend = async () => {
        const sent = await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({});
        assert.equal(sent.status, 200, JSON.stringify(sent.body));
        return mail.lastCode();
      };
      const verify = (code: string) => agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code });
      return { clock, mail, resend, verify };
    }

    it('a code resent 5 minutes in and entered 9 minutes after that is accepted', async () => {
      const { clock, resend, verify } = await pendingWithEmail(makeStore());
      clock.advanceSeconds(5 * 60);
      const code = await resend();
      clock.advanceSeconds(9 * 60);
      const answer = await verify(code);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    });

    it('with no code resent, the sign-in still ends 10 minutes after the password', async () => {
      const { clock, mail, verify } = await pendingWithEmail(makeStore());
      clock.advanceSeconds(600);
      assert.equal((await verify(mail.lastCode())).body.error, 'sign_in_expired');
    });

    it('resending cannot keep it alive past pendingMaxSeconds (30 minutes from the password)', async () => {
      const { clock, resend, verify } = await pendingWithEmail(makeStore());
      let code = '';
      for (let minute = 9; minute <= 27; minute += 9) {
        clock.advanceSeconds(9 * 60);
        code = await resend();
      }
      // The last code was sent at 27 minutes and would live to 37; the sign-in ends at 30.
      clock.advanceSeconds(3 * 60);
      const late = await verify(code);
      assert.equal(late.status, 401);
      assert.equal(late.body.error, 'sign_in_expired');
    });

    it('a moment before the cap, the latest code still finishes the sign-in', async () => {
      const { clock, resend, verify } = await pendingWithEmail(makeStore());
      let code = '';
      for (let minute = 9; minute <= 27; minute += 9) {
        clock.advanceSeconds(9 * 60);
        code = await resend();
      }
      clock.advanceSeconds(3 * 60 - 1);
      assert.equal((await verify(code)).status, 200);
    });
  });
}
