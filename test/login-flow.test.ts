import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolledAndPending, enrolledUser } from './support/enrolled-user.js';
import { logIn, makeTestApp, manualClock, wrongCode } from './support/test-app.js';

function setup() {
  const clock = manualClock();
  const store = memoryStore();
  const { app, twoStep } = makeTestApp(store, clock);
  return { clock, store, app, twoStep };
}

describe('signing in with an authenticator app', () => {
  it('lets a user without 2FA straight in', async () => {
    const { app } = setup();
    const agent = request.agent(app);
    const login = await logIn(agent, 'bob');
    assert.equal(login.status, 200);
    const me = await agent.get('/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd']);
  });

  it('holds back a pending session everywhere until the code is verified', async () => {
    const { agent, secret, clock } = await enrolledAndPending();
    const api = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(api.status, 401);
    assert.equal(api.body.error, 'second_factor_required');
    const page = await agent.get('/reports/42').set('Accept', 'text/html');
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/2fa/verify');
    const home = await agent.get('/').set('Accept', 'text/html');
    assert.equal(home.status, 303, 'the app route never runs: req.user is unset');
    const status = await agent.get('/2fa/status');
    assert.equal(status.body.state, 'pending');

    const verified = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(verified.status, 200);
    assert.deepEqual(verified.body, { verified: true, redirect: '/reports/42' });
    const me = await agent.get('/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'totp']);
    assert.equal(me.body.session.verifiedAt, clock.now());
  });

  it('holds back a session that logged in through a route without challenge()', async () => {
    const { app, clock, secret } = await enrolledUser();
    const agent = request.agent(app);
    const login = await logIn(agent, 'alice', '/login-without-challenge');
    assert.equal(login.status, 200, 'the app handler ran, but...');
    const me = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.status, 401);
    assert.equal(me.body.error, 'second_factor_required');
    const verified = await agent.post('/2fa/verify').send({ code: generateTotp({ secret, nowMs: clock.now() }) }).set('Accept', 'application/json');
    assert.equal(verified.status, 200);
    assert.equal((await agent.get('/api/me')).status, 200);
  });

  it('changes the session id on upgrade', async () => {
    const { agent, secret, clock } = await enrolledAndPending();
    const cookieBefore = (await agent.get('/2fa/status')).request.cookies;
    const verified = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    const setCookie = String(verified.headers['set-cookie']);
    assert.match(setCookie, /connect\.sid=/);
    assert.ok(!setCookie.includes(String(cookieBefore).replace(/^connect\.sid=/, '').split(';')[0]!), 'a new session id was issued');
  });

  it('verifies through the Passport strategy too', async () => {
    const { agent, secret, clock } = await enrolledAndPending();
    const wrong = await agent.post('/2fa/passport').set('Accept', 'application/json').send({ code: wrongCode(secret, clock.now()) });
    assert.equal(wrong.status, 401, 'a wrong code is a Passport fail');
    const ok = await agent.post('/2fa/passport').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.user, 'u-alice');
    assert.deepEqual(ok.body.twoStep.amr, ['pwd', 'totp']);
    const me = await agent.get('/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'totp']);
  });

  it('refuses a replayed code, even from a fresh session', async () => {
    const { app, agent, secret, clock } = await enrolledAndPending();
    const code = generateTotp({ secret, nowMs: clock.now() });
    assert.equal((await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code })).status, 200);
    const other = request.agent(app);
    await logIn(other, 'alice');
    const replay = await other.post('/2fa/verify').set('Accept', 'application/json').send({ code });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error, 'invalid_code');
    // An earlier step is refused too, once a later one was accepted.
    const earlier = generateTotp({ secret, nowMs: clock.now() - 30_000 });
    assert.equal((await other.post('/2fa/verify').set('Accept', 'application/json').send({ code: earlier })).status, 401);
  });

  it('answers 401 invalid_code with attempts left, then locks for 30 minutes', async () => {
    const { agent, secret, clock } = await enrolledAndPending();
    for (let i = 1; i <= 4; i += 1) {
      const res = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: wrongCode(secret, clock.now()) });
      assert.equal(res.status, 401);
      assert.equal(res.body.attemptsLeft, 5 - i);
    }
    const fifth = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: wrongCode(secret, clock.now()) });
    assert.equal(fifth.body.attemptsLeft, 0);
    assert.ok(fifth.body.lockedUntil);
    const locked = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error, 'locked');
    assert.equal(locked.headers['retry-after'], '1800');
    clock.advanceSeconds(1799);
    // The half-finished sign-in itself ended after 10 minutes: the password again, then the lock still holds.
    assert.equal((await logIn(agent, 'alice')).status, 401);
    const stillLocked = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(stillLocked.status, 429);
    assert.equal(stillLocked.headers['retry-after'], '1', 'attempts during a lock do not extend it');
    clock.advanceSeconds(1);
    const after = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(after.status, 200);
  });
});
