/**
 * SPEC "No exception escapes": whatever the app's callbacks throw — synchronously or as a
 * rejected promise — the request is answered (fail closed, 503 where a decision was
 * needed), nothing is let through, and no rejection is left unhandled to end the process.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStepOptions } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { outbox } from './support/outbox.js';
import { enrolTotp, logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

const JSON_ACCEPT = 'application/json';
const TIMEOUT_MS = 3000;

type Mode = 'ok' | 'sync' | 'async';
const MODES: Exclude<Mode, 'ok'>[] = ['sync', 'async'];

/** A switch the test flips: the wrapped callback works, throws, or returns a rejected promise. */
function switchable<A extends unknown[], R>(works: (...args: A) => R) {
  const state = { mode: 'ok' as Mode };
  const fn = (...args: A): R => {
    if (state.mode === 'sync') throw new Error('app callback threw');
    if (state.mode === 'async') return Promise.reject(new Error('app callback rejected')) as R;
    return works(...args);
  };
  return { state, fn };
}

/** The test app's login, with a deadline: a hung request fails the test instead of stalling it. */
function logInWithin(agent: ReturnType<typeof request.agent>, username: string) {
  const password = { alice: 'alice-pass', bob: 'bob-pass', carol: 'carol-pass' }[username];
  return agent.post('/login').set('Accept', JSON_ACCEPT).send({ username, password }).timeout(TIMEOUT_MS);
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const quiet = { error: console.error, warn: console.warn };

before(() => {
  process.on('unhandledRejection', onUnhandled);
  // The library logs each failure; the test only checks that it was answered.
  console.error = () => {};
  console.warn = () => {};
});
after(() => {
  process.off('unhandledRejection', onUnhandled);
  console.error = quiet.error;
  console.warn = quiet.warn;
});
afterEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(unhandled.splice(0), [], 'no rejection was left unhandled');
});

function appWith(extra: Partial<TwoStepOptions<TestUser>>) {
  const clock = manualClock();
  const store = memoryStore();
  const env = makeTestApp(store, clock, extra);
  env.app.get('/sensitive', env.twoStep.require({ maxAgeSeconds: 300 }), (_req, res) => res.send('sensitive'));
  return { ...env, clock, store };
}

for (const mode of MODES) {
  describe(`an app callback that ${mode === 'sync' ? 'throws' : 'rejects'}`, () => {
    it('users.id: the login route, the gate and step-up answer 503 and let nobody through', async () => {
      const id = switchable((user: TestUser) => user.id);
      const { app } = appWith({ users: { id: id.fn } });
      const verified = request.agent(app);
      assert.equal((await logIn(verified, 'bob')).status, 200);
      id.state.mode = mode;
      const login = await logInWithin(request.agent(app), 'bob');
      assert.equal(login.status, 503);
      assert.equal(login.body.error, 'unavailable');
      const api = await verified.get('/api/me').set('Accept', JSON_ACCEPT).timeout(TIMEOUT_MS);
      assert.equal(api.status, 503);
      const page = await verified.get('/').timeout(TIMEOUT_MS);
      assert.equal(page.status, 503);
      assert.doesNotMatch(page.text, /Welcome/);
      const stepUp = await verified.get('/sensitive').set('Accept', JSON_ACCEPT).timeout(TIMEOUT_MS);
      assert.equal(stepUp.status, 503);
      const route = await verified.get('/2fa/status').timeout(TIMEOUT_MS);
      assert.equal(route.status, 503);
    });

    it('policy: a user with nothing to challenge with is refused with 503; one with a method is challenged', async () => {
      const policy = switchable((_user: TestUser) => 'optional' as const);
      const { app, clock } = appWith({ policy: policy.fn });
      const alice = request.agent(app);
      await logIn(alice, 'alice');
      await enrolTotp(alice, clock);
      policy.state.mode = mode;
      const bob = await logInWithin(request.agent(app), 'bob');
      assert.equal(bob.status, 503);
      const again = await logInWithin(request.agent(app), 'alice');
      assert.equal(again.status, 401);
      assert.equal(again.body.error, 'second_factor_required');
    });

    it('allowedMethods: a right code is refused with 503 and the session stays pending', async () => {
      const allowed = switchable((_user: TestUser) => ['totp', 'email', 'sms'] as const);
      const { app, clock } = appWith({ allowedMethods: allowed.fn as TwoStepOptions<TestUser>['allowedMethods'] });
      const first = request.agent(app);
      await logIn(first, 'alice');
      const { secret } = await enrolTotp(first, clock);
      clock.advanceSeconds(60);
      allowed.state.mode = mode;
      const agent = request.agent(app);
      assert.equal((await logIn(agent, 'alice')).status, 401);
      const verify = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT)
        .send({ code: generateTotp({ secret, nowMs: clock.now() }) }).timeout(TIMEOUT_MS);
      assert.equal(verify.status, 503);
      const me = await agent.get('/api/me').set('Accept', JSON_ACCEPT);
      assert.equal(me.status, 401);
      const add = await first.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'totp' }).timeout(TIMEOUT_MS);
      assert.equal(add.status, 503);
    });

    it('skipNetworks as a function: nothing is skipped and the challenge is answered', async () => {
      const networks = switchable((_user: TestUser) => ['127.0.0.0/8', '::1/128']);
      const { app, clock } = appWith({ skipNetworks: networks.fn });
      const first = request.agent(app);
      await logIn(first, 'alice');
      await enrolTotp(first, clock);
      networks.state.mode = mode;
      const login = await logInWithin(request.agent(app), 'alice');
      assert.equal(login.status, 401);
      assert.equal(login.body.error, 'second_factor_required');
    });

    it('a delivery function: the challenge still opens and sending again is answered', async () => {
      const mail = outbox();
      const deliver = switchable(mail.deliver);
      const { app, clock } = appWith({ delivery: { email: deliver.fn }, notifications: false });
      const first = request.agent(app);
      await logIn(first, 'alice');
      const started = await first.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'email', address: 'alice@clinic.example' });
      assert.equal(started.status, 201);
      const confirmed = await first.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_ACCEPT).send({ code: mail.lastCode() });
      assert.equal(confirmed.status, 200);
      clock.advanceSeconds(60);
      deliver.state.mode = mode;
      const agent = request.agent(app);
      const login = await logInWithin(agent, 'alice');
      assert.equal(login.status, 401);
      clock.advanceSeconds(60);
      const send = await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({}).timeout(TIMEOUT_MS);
      assert.ok(send.status >= 500, `a failed delivery is a server-side failure, got ${send.status}`);
      assert.equal(typeof send.body.error, 'string');
    });

    it('users.load (for notifications): the change it reports is still answered', async () => {
      const mail = outbox();
      const load = switchable((id: string) => ({ id, username: 'alice', password: '', role: 'staff' }));
      load.state.mode = mode;
      const { app, clock } = appWith({
        users: { id: (user: TestUser) => user.id, load: load.fn, email: () => 'alice@clinic.example' },
        delivery: { email: mail.deliver },
      });
      const agent = request.agent(app);
      await logIn(agent, 'alice');
      await enrolTotp(agent, clock);
      assert.equal((await agent.get('/2fa/status').timeout(TIMEOUT_MS)).body.enabled, true);
    });
  });
}
