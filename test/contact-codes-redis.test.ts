/**
 * Email/SMS codes on a real redis-server: single use and the send limits hold under
 * parallel requests, because each decision is one Lua script.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { redisStore, type TwoStepOptions } from '../src/index.js';
import { outbox } from './support/outbox.js';
import { useTestRedis } from './support/redis-fixture.js';
import { logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

const redis = useTestRedis();

async function aliceWithEmail(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const mail = outbox();
  // A deadline well above what 100 requests in parallel can take on a loaded machine: these tests
  // are about the decisions, and a slow reply past a 2 s deadline was a 503 where a 429 was meant.
  const env = makeTestApp(redisStore(redis.client, { timeoutSeconds: 10 }), clock, { delivery: { email: mail.deliver }, notifications: false, ...extra });
  const agent = request.agent(env.app);
  await logIn(agent, 'alice');
  const started = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@clinic.example' });
  assert.equal(started.status, 201);
  const confirmed = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code: mail.lastCode() });
  assert.equal(confirmed.status, 200);
  clock.advanceSeconds(60);
  return { ...env, clock, mail, alice: env.users.get('alice')! };
}

describe('email codes on Redis, under parallel requests', () => {
  it('100 parallel uses of one code: exactly one success', async () => {
    const { twoStep, mail, alice } = await aliceWithEmail({ lockout: { maxAttempts: 100 } });
    await twoStep.sendCode(alice, { purpose: 'password-reset' });
    const code = mail.lastCode();
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => twoStep.verifyCode(alice, { purpose: 'password-reset', code })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'invalid_code');
  });

  it('100 parallel login verifications with one code from separate sessions: exactly one upgrade', async () => {
    const { app, mail } = await aliceWithEmail({ lockout: { maxAttempts: 100 } });
    const agents = Array.from({ length: 20 }, () => request.agent(app));
    for (const agent of agents) await logIn(agent, 'alice');
    const code = mail.lastCode();
    const answers = await Promise.all(agents.flatMap((agent) => Array.from({ length: 5 }, () => agent.post('/2fa/verify').set('Accept', 'application/json').send({ code }))));
    assert.equal(answers.filter((a) => a.status === 200).length, 1);
    assert.equal(answers.length, 100);
  });

  it('100 parallel resend requests send one code (cooldown), and the hourly cap holds across purposes', async () => {
    const { app, twoStep, mail, alice } = await aliceWithEmail({ codes: { maxSendsPerHour: 7 } });
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    // The login sent one code already: every resend falls inside its cooldown.
    const before = mail.sent.length;
    const answers = await Promise.all(Array.from({ length: 100 }, () => agent.post('/2fa/send').set('Accept', 'application/json').send({})));
    assert.equal(answers.filter((a) => a.status === 200).length, 0, 'still inside the cooldown of the code sent at login');
    assert.ok(answers.every((a) => a.status === 429 && a.body.error === 'resend_too_soon'));
    assert.equal(mail.sent.length, before);

    // 2 sends so far this hour (setup, login); 100 parallel sends for distinct purposes: 5 fit.
    const sends = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => twoStep.sendCode(alice, { purpose: `reset-${i}` })));
    assert.equal(sends.filter((s) => s.status === 'fulfilled').length, 5);
    for (const s of sends) if (s.status === 'rejected') assert.equal((s.reason as { code: string }).code, 'send_limit_reached');
    assert.equal(mail.sent.length, before + 5);
  });
});
