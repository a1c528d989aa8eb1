import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolledAndPending } from './support/enrolled-user.js';
import { enrolTotp, logIn, makeTestApp, manualClock } from './support/test-app.js';

const BAD_CODES: Array<[string, unknown]> = [
  ['a number', 123456],
  ['an array', ['123456']],
  ['an object', { code: '123456' }],
  ['null', null],
  ['fullwidth digits', '１２３４５６'],
  ['Arabic-Indic digits', '١٢٣٤٥٦'],
  ['hex', '0x1E240'],
  ['padded', ' 123456'],
  ['trailing newline', '123456\n'],
  ['too short', '12345'],
  ['too long', '1234567'],
  ['signed', '+12345'],
  ['exponent', '1e5000'],
  ['empty', ''],
];

describe('bad input at the challenge', () => {
  it("a malformed code is refused before the app's allowedMethods callback runs", async () => {
    let calls = 0;
    const { agent, clock, secret } = await enrolledAndPending({ extra: { allowedMethods: () => { calls += 1; return ['totp']; } } });
    calls = 0;
    for (const [name, code] of BAD_CODES) {
      const res = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code });
      assert.equal(res.status, 400, name);
    }
    assert.equal(calls, 0, 'no callback (maybe a database query) for input that cannot be a code');
    const ok = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(ok.status, 200);
    assert.ok(calls >= 1, 'a well-formed code is checked against the allowed methods');
  });

  it('refuses every malformed code with 400 invalid_request, without counting it', async () => {
    const { store, clock, secret, agent } = await enrolledAndPending();

    for (const [name, code] of BAD_CODES) {
      const res = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code });
      assert.equal(res.status, 400, `${name} → 400`);
      assert.equal(res.body.error, 'invalid_request', name);
      assert.equal(typeof res.body.message, 'string');
    }
    const lock = await store.getLockState('u-alice', clock.now());
    assert.equal(lock.failures, 0, 'malformed codes are not counted');
    assert.equal(lock.lockedUntil, null);

    // Bodies that are not objects, or not JSON at all.
    const array = await agent.post('/2fa/verify').set('Content-Type', 'application/json').set('Accept', 'application/json').send('["123456"]');
    assert.equal(array.status, 400);
    const broken = await agent.post('/2fa/verify').set('Content-Type', 'application/json').set('Accept', 'application/json').send('{"code":');
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error, 'invalid_request');
    const huge = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: '1'.repeat(100_000) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error, 'payload_too_large');
    const badMethod = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: '123456', method: { $ne: 1 } });
    assert.equal(badMethod.status, 400);

    // Still pending, nothing lost: the right code works.
    const ok = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(ok.status, 200);
  });

  it('answers a form post from a browser with the challenge page and the error', async () => {
    const { agent } = await enrolledAndPending();
    const res = await agent.post('/2fa/verify').type('form').set('Accept', 'text/html').send('code=12ab56');
    assert.equal(res.status, 400);
    assert.match(res.text, /role="alert"/);
    assert.match(res.text, /autocomplete="one-time-code"/);
  });

  it('refuses setup routes to anonymous and pending sessions', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const anonymous = request.agent(app);
    const res = await anonymous.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'totp' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'not_signed_in');
    const verifyAnon = await anonymous.post('/2fa/verify').set('Accept', 'application/json').send({ code: '123456' });
    assert.equal(verifyAnon.status, 401);
  });
});

describe('enable, disable and methods', () => {
  it('needs a method before enabling, and turns off when the last method goes', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    const enable = await agent.post('/2fa/enable').set('Accept', 'application/json');
    assert.equal(enable.status, 409);
    assert.equal(enable.body.error, 'no_method');

    const { methodId } = await enrolTotp(agent, clock);
    const status = await agent.get('/2fa/status');
    assert.equal(status.body.enabled, true, 'the first method turns 2FA on');
    assert.equal(status.body.methods.length, 1);
    assert.equal(status.body.methods[0].primary, true);
    assert.equal(JSON.stringify(status.body).includes('secret'), false, 'the secret is never returned again');

    assert.deepEqual((await agent.post('/2fa/disable').set('Accept', 'application/json')).body, { enabled: false });
    assert.deepEqual((await agent.post('/2fa/enable').set('Accept', 'application/json')).body, { enabled: true });
    const removed = await agent.delete(`/2fa/methods/${methodId}`).set('Accept', 'application/json');
    assert.deepEqual(removed.body, { deleted: true });
    const after = await agent.get('/2fa/status');
    assert.equal(after.body.enabled, false);
    assert.deepEqual(after.body.methods, []);
  });

  it('needs the current password to confirm an authenticator app when verifyPassword is configured', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock, {
      users: { id: (u) => u.id, verifyPassword: (u, password) => u.password === password },
    });
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    const started = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'totp' });
    const code = generateTotp({ secret: started.body.secret, nowMs: clock.now() });
    const missing = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code });
    assert.equal(missing.status, 400);
    const wrong = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code, password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_password');
    assert.equal((await agent.get('/2fa/status')).body.enabled, false, 'not active until confirmed');
    const ok = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code, password: 'bob-pass' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.method.type, 'totp');
  });
});
