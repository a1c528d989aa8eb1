/**
 * A half-finished sign-in ends by itself (`pendingSeconds`, default 10 minutes): after that a
 * right code no longer finishes it, the challenge says so, and the user signs in again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTwoStep, memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolledAndPending } from './support/enrolled-user.js';
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

  it('validates pendingSeconds', () => {
    for (const pendingSeconds of [0, -1, 1.5, '600', 86_401]) {
      assert.throws(() => createTwoStep({ secret: TEST_SECRET, users: { id: () => 'x' }, pendingSeconds: pendingSeconds as number }), /pendingSeconds/);
    }
  });
});
