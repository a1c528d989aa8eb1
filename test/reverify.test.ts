import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStepOptions } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock, wrongCode, type TestUser } from './support/test-app.js';
import { enrolmentOf } from './support/enrolment-reads.ts';

const JSON_TYPE = 'application/json';

/** Alice signs in with her app, then lets more than `reverifySeconds` (300) pass. */
async function staleSession(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const store = memoryStore();
  const { app } = makeTestApp(store, clock, extra);
  const first = request.agent(app);
  await logIn(first, 'alice');
  const needsPassword = extra.users?.verifyPassword !== undefined;
  const enrolled = await enrolTotp(first, clock, needsPassword ? { password: 'alice-pass' } : {});
  clock.advanceSeconds(60);
  const agent = request.agent(app);
  await logIn(agent, 'alice');
  const ok = await agent.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret: enrolled.secret, nowMs: clock.now() }) });
  assert.equal(ok.status, 200);
  clock.advanceSeconds(301);
  return { clock, store, app, agent, ...enrolled };
}

describe('re-verification for sensitive changes', () => {
  it('refuses removing a method, disabling, regenerating codes and adding a method after 5 minutes, changing nothing', async () => {
    const { agent, store, methodId, clock } = await staleSession();
    const attempts = [
      agent.delete(`/2fa/methods/${methodId}`),
      agent.post(`/2fa/methods/${methodId}/delete`),
      agent.post('/2fa/disable'),
      agent.post('/2fa/recovery-codes'),
      agent.post('/2fa/methods').send({ type: 'totp' }),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set('Accept', JSON_TYPE);
      assert.equal(res.status, 403);
      assert.equal(res.body.error, 'reverify_required');
      assert.match(res.body.message, /\/2fa\/reverify/);
    }
    const status = await agent.get('/2fa/status');
    assert.equal(status.body.enabled, true);
    assert.equal(status.body.methods.length, 1);
    assert.equal(status.body.recoveryCodesLeft, 10);
    assert.equal((await enrolmentOf(store, 'u-alice'))!.methods.length, 1, 'no setup was started');
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 0);
    // Not sensitive: choosing the primary method and reading the status.
    assert.equal((await agent.post(`/2fa/methods/${methodId}/primary`).set('Accept', JSON_TYPE)).status, 200);
  });

  it('allows the changes within 5 minutes of signing in with a second factor', async () => {
    const { agent, clock } = await staleSession({ reverifySeconds: 600 });
    assert.equal((await agent.post('/2fa/recovery-codes').set('Accept', JSON_TYPE)).status, 200);
  });

  it('honours a fresh code at POST /2fa/reverify, for reverifySeconds, counting wrong codes', async () => {
    const { agent, store, secret, clock } = await staleSession();
    const wrong = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ code: wrongCode(secret, clock.now()) });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.attemptsLeft, 4);
    const ok = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.reverified, true);
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 0, 'a success resets the count');
    assert.equal((await agent.post('/2fa/recovery-codes').set('Accept', JSON_TYPE)).status, 200);
    clock.advanceSeconds(301);
    assert.equal((await agent.post('/2fa/recovery-codes').set('Accept', JSON_TYPE)).status, 403, 'and only for a while');
  });

  it('accepts a recovery code, spending it', async () => {
    const { agent, recoveryCodes } = await staleSession();
    const ok = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ recoveryCode: recoveryCodes[3] });
    assert.equal(ok.status, 200);
    assert.equal((await agent.get('/2fa/status')).body.recoveryCodesLeft, 9);
    assert.equal((await agent.post('/2fa/disable').set('Accept', JSON_TYPE)).status, 200);
  });

  it('accepts the password where users.verifyPassword is configured; a wrong one counts toward the lockout', async () => {
    const verifyPassword = (u: TestUser, password: string) => u.password === password;
    const { agent, store, clock } = await staleSession({ users: { id: (u) => u.id, verifyPassword } });
    const wrong = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'guess' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_password');
    assert.equal(wrong.body.attemptsLeft, 4);
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 1);
    const ok = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'alice-pass' });
    assert.equal(ok.status, 200);
    assert.equal((await agent.post('/2fa/recovery-codes').set('Accept', JSON_TYPE)).status, 200);
  });

  it('refuses a password when verifyPassword is not configured, and bad input, without counting', async () => {
    const { agent, store, clock } = await staleSession();
    for (const body of [{ password: 'alice-pass' }, { code: 123456 }, { code: '12345' }, {}, { recoveryCode: 'nope' },
      { code: '123456', password: 'x' }, { password: ['alice-pass'] }]) {
      const res = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error, 'invalid_request');
    }
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 0);
    assert.equal((await agent.post('/2fa/disable').set('Accept', JSON_TYPE)).status, 403);
  });

  it('lets a user without 2FA add the first method without a code (the confirm step asks for the password where configured)', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    clock.advanceSeconds(3600);
    const { recoveryCodes } = await enrolTotp(agent, clock);
    assert.equal(recoveryCodes.length, 10);
  });

  it('refuses re-verification to pending and anonymous sessions', async () => {
    const { app, secret, clock } = await staleSession();
    const pending = request.agent(app);
    await logIn(pending, 'alice');
    const res = await pending.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'second_factor_required');
    assert.equal((await request(app).post('/2fa/reverify').set('Accept', JSON_TYPE).send({ password: 'x' })).status, 401);
  });

  it('sends a browser to the re-verify page and back to the action', async () => {
    const { agent, secret, clock } = await staleSession();
    const disable = await agent.post('/2fa/disable').type('form').set('Accept', 'text/html').send('');
    assert.equal(disable.status, 303);
    assert.equal(disable.headers.location, '/2fa/reverify?returnTo=%2F2fa');
    const page = await agent.get(disable.headers.location!).set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /name="returnTo" value="\/2fa"/);
    assert.match(page.text, /autocomplete="one-time-code"/);
    assert.match(page.text, /name="recoveryCode"/);
    const wrong = await agent.post('/2fa/reverify').type('form').set('Accept', 'text/html').send(`code=${wrongCode(secret, clock.now())}&returnTo=%2F2fa`);
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /role="alert"/);
    const ok = await agent.post('/2fa/reverify').type('form').set('Accept', 'text/html')
      .send(`code=${generateTotp({ secret, nowMs: clock.now() })}&returnTo=%2F2fa`);
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/2fa');
    const offsite = await agent.post('/2fa/reverify').type('form').set('Accept', 'text/html').send(`password=x&returnTo=%2F%2Fevil.example`);
    assert.equal(offsite.status, 400, 'no password configured');
    assert.equal((await agent.post('/2fa/disable').type('form').set('Accept', 'text/html').send('')).status, 303);
    assert.equal((await agent.get('/2fa/status')).body.enabled, false);
  });
});
