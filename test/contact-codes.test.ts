import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStepOptions } from '../src/index.js';
import { logIn, makeTestApp, manualClock, type Agent, type TestUser } from './support/test-app.js';
import { outbox } from './support/outbox.js';

const JSON_ACCEPT = 'application/json';

function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const store = memoryStore();
  const mail = outbox();
  const sms = outbox();
  const env = makeTestApp(store, clock, { delivery: { email: mail.deliver, sms: sms.deliver }, notifications: false, ...extra });
  return { ...env, clock, store, mail, sms };
}

type Env = ReturnType<typeof setup>;

/** Alice adds an email method from a verified session and confirms it with the code received. */
async function enrolEmail(env: Env, agent: Agent, address = 'alice@clinic.example') {
  const started = await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'email', address });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const confirmed = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_ACCEPT).send({ code: env.mail.lastCode(address) });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return started.body.id as string;
}

async function enrolledAndPending(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const env = setup(extra);
  const first = request.agent(env.app);
  await logIn(first, 'alice');
  const methodId = await enrolEmail(env, first);
  env.clock.advanceSeconds(60);
  const agent = request.agent(env.app);
  const login = await logIn(agent, 'alice');
  assert.equal(login.status, 401);
  return { ...env, agent, methodId };
}

describe('adding an email or SMS method', () => {
  it('is active only once the code sent to it is entered, and the first method turns 2FA on', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const started = await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'email', address: 'Alice@Clinic.Example' });
    assert.equal(started.status, 201);
    assert.equal(started.body.label, 'A•••@clinic.example');
    assert.equal(env.mail.sent.length, 1);
    assert.equal(env.mail.sent[0]!.to, 'Alice@clinic.example');
    assert.equal(env.mail.sent[0]!.purpose, `setup:${started.body.id}`);
    assert.ok(!JSON.stringify(started.body).match(/\b\d{6}\b/), 'the code is never returned');
    let status = await agent.get('/2fa/status');
    assert.equal(status.body.enabled, false);
    assert.deepEqual(status.body.methods, []);

    const wrong = env.mail.lastCode() === '000000' ? '111111' : '000000';
    const bad = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_ACCEPT).send({ code: wrong });
    assert.equal(bad.status, 401);
    const ok = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_ACCEPT).send({ code: env.mail.lastCode() });
    assert.equal(ok.status, 200);
    status = await agent.get('/2fa/status');
    assert.equal(status.body.enabled, true);
    assert.equal(status.body.methods[0].type, 'email');
    assert.deepEqual(status.body.amr, ['pwd', 'email']);
  });

  it('validates phone numbers, stores E.164 and masks the label; national numbers use defaultPhoneCountry', async () => {
    const env = setup({ defaultPhoneCountry: 'GB' });
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const started = await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'sms', phone: '07911 123456' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(env.sms.sent[0]!.to, '+447911123456');
    assert.equal(started.body.label, '+44 •••• ••3456');
    for (const phone of ['12', '+1 555 0000', 'call me', '+44 7911 123456 ext 9', ['+447911123456'], 447911123456, '٠٧٩١١١٢٣٤٥٦']) {
      const res = await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'sms', phone });
      assert.equal(res.status, 400, `phone ${JSON.stringify(phone)}`);
      assert.equal(res.body.error, 'invalid_request');
    }
    assert.equal(env.sms.sent.length, 1, 'a refused number sends nothing');
  });

  it('refuses bad email addresses, and SMS with no number anywhere asks for one', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    for (const address of ['no-at-sign', 'a@b', 'a b@example.com', 'a@example.com\r\nBcc: x@evil.example', { x: 1 }, 'x'.repeat(300) + '@example.com']) {
      const res = await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'email', address });
      assert.equal(res.status, 400, `address ${JSON.stringify(address)}`);
    }
    const noPhone = await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'sms' });
    assert.equal(noPhone.status, 400);
    assert.match(noPhone.body.message, /phone number/);
    assert.equal(env.mail.sent.length + env.sms.sent.length, 0);
  });

  it('prefills the address from users.email / users.phone when the body has none', async () => {
    const env = setup({ users: { id: (u) => u.id, label: (u) => u.username, email: (u) => `${u.username}@family.example`, phone: () => '+14155552671' } });
    const agent = request.agent(env.app);
    await logIn(agent, 'bob');
    assert.equal((await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'email' })).status, 201);
    assert.equal(env.mail.sent[0]!.to, 'bob@family.example');
    assert.equal((await agent.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'sms' })).status, 201);
    assert.equal(env.sms.sent[0]!.to, '+14155552671');
  });
});

describe('signing in with an email code', () => {
  it('sends the code at once to an email primary, and the code signs in with amr email', async () => {
    const { agent, mail } = await enrolledAndPending();
    const login = mail.sent.at(-1)!;
    assert.equal(login.purpose, 'login');
    const verified = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: mail.lastCode() });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const me = await agent.get('/api/me');
    assert.deepEqual(me.body.session.amr, ['pwd', 'email']);
  });

  it('expires at the TTL boundary (injected clock)', async () => {
    const { agent, mail, clock } = await enrolledAndPending();
    const code = mail.lastCode();
    clock.advanceSeconds(600);
    const late = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code });
    assert.equal(late.status, 401);
    const { agent: again, mail: mail2, clock: clock2 } = await enrolledAndPending();
    clock2.advanceSeconds(599);
    assert.equal((await again.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: mail2.lastCode() })).status, 200);
  });

  it('resend: 429 with Retry-After before the cooldown; the earlier code still works; a success consumes all', async () => {
    const { agent, mail, clock, app } = await enrolledAndPending();
    const first = mail.lastCode();
    const tooSoon = await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({});
    assert.equal(tooSoon.status, 429);
    assert.equal(tooSoon.body.error, 'resend_too_soon');
    assert.equal(tooSoon.headers['retry-after'], '30');
    clock.advanceSeconds(30);
    const resent = await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({});
    assert.equal(resent.status, 200);
    assert.equal(resent.body.sent, true);
    const second = mail.lastCode();
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: first })).status, 200, 'the earlier code works');

    // The second code was consumed with the first: it cannot sign in another session.
    const other = request.agent(app);
    await logIn(other, 'alice');
    const reuse = await other.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: second === first ? '999999' : second });
    assert.equal(reuse.status, 401);
  });

  it('sending never resets the failed-attempt count, and nothing is sent while locked', async () => {
    const { agent, mail, clock } = await enrolledAndPending({ lockout: { maxAttempts: 3 } });
    const right = mail.lastCode();
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 2; i += 1) assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: wrong })).status, 401);
    clock.advanceSeconds(30);
    assert.equal((await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({})).status, 200);
    const third = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: wrong });
    assert.equal(third.body.attemptsLeft, 0, 'the count went on from 2');
    const before = mail.sent.length;
    clock.advanceSeconds(30);
    const locked = await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({});
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error, 'locked');
    assert.equal(mail.sent.length, before);
    assert.equal((await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: mail.lastCode() })).status, 429);
  });

  it('lets the user choose which method gets the code; the code is bound to that method', async () => {
    const env = setup();
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    const emailId = await enrolEmail(env, first);
    const smsStart = await first.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'sms', phone: '+14155552671' });
    const smsId = smsStart.body.id as string;
    assert.equal((await first.post(`/2fa/methods/${smsId}/confirm`).set('Accept', JSON_ACCEPT).send({ code: env.sms.lastCode() })).status, 200);
    env.clock.advanceSeconds(60);

    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const chosen = await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({ method: smsId });
    assert.equal(chosen.status, 200);
    assert.equal(chosen.body.method, smsId);
    const smsCode = env.sms.lastCode();
    const wrongMethod = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: smsCode, method: emailId });
    assert.equal(wrongMethod.status, 401, 'an SMS code does not pass as an email code');
    const ok = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: smsCode });
    assert.equal(ok.status, 200);
    assert.deepEqual((await agent.get('/api/me')).body.session.amr, ['pwd', 'sms']);
  });

  it('caps sends per hour', async () => {
    const { agent, clock } = await enrolledAndPending({ codes: { maxSendsPerHour: 3 } });
    // Two setup/login sends already happened; one more fits.
    clock.advanceSeconds(30);
    assert.equal((await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({})).status, 200);
    clock.advanceSeconds(30);
    const capped = await agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({});
    assert.equal(capped.status, 429);
    assert.equal(capped.body.error, 'send_limit_reached');
    assert.ok(Number(capped.headers['retry-after']) > 0);
  });
});

describe('allowedMethods: an organisation restricts methods', () => {
  it('refuses a disallowed method with 403 at setup, send and verify', async () => {
    let allowed: ('totp' | 'email' | 'sms')[] = ['email', 'sms'];
    const env = await enrolledAndPending({ allowedMethods: () => allowed });
    const admin = request.agent(env.app);
    await logIn(admin, 'bob');
    const totp = await admin.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'totp' });
    assert.equal(totp.status, 403);
    assert.equal(totp.body.error, 'method_not_allowed');

    allowed = ['sms'];
    env.clock.advanceSeconds(30);
    const send = await env.agent.post('/2fa/send').set('Accept', JSON_ACCEPT).send({});
    assert.equal(send.status, 403);
    assert.equal(send.body.error, 'method_not_allowed');
    const verify = await env.agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: env.mail.lastCode() });
    assert.equal(verify.status, 403);
    assert.equal(verify.body.error, 'method_not_allowed');
  });
});

describe('twoStep.sendCode / verifyCode for another purpose', () => {
  it('binds a code to its purpose, consumes it once, and shares the lockout', async () => {
    const env = await enrolledAndPending({ lockout: { maxAttempts: 2 } });
    const alice = env.users.get('alice')!;
    const sent = await env.twoStep.sendCode(alice, { purpose: 'password-reset' });
    assert.equal(sent.method.type, 'email');
    const code = env.mail.lastCode();
    assert.equal(env.mail.sent.at(-1)!.purpose, 'password-reset');
    await assert.rejects(env.twoStep.verifyCode(alice, { purpose: 'change-email', code }), { code: 'invalid_code' });
    assert.deepEqual(await env.twoStep.verifyCode(alice, { purpose: 'password-reset', code }), { verified: true });
    await assert.rejects(env.twoStep.verifyCode(alice, { purpose: 'password-reset', code }), { code: 'invalid_code' }, 'used once');
    await assert.rejects(env.twoStep.verifyCode(alice, { purpose: 'password-reset', code }), { code: 'invalid_code' });
    // Two failures since the success: the sign-in is locked too.
    const locked = await env.agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: env.mail.lastCode() });
    assert.equal(locked.status, 429);
    await assert.rejects(env.twoStep.sendCode(alice, { purpose: 'login' }), { code: 'invalid_request' });
    await assert.rejects(env.twoStep.verifyCode(alice, { purpose: 'password-reset', code: 123456 }), { code: 'invalid_request' });
  });
});

describe('notifications', () => {
  it('email the user on method added, removed and lockout; a template can be replaced or turned off', async () => {
    const env = setup({
      notifications: { templates: { methodRemoved: false, locked: (d) => ({ subject: 'Locked!', text: `until ${d.lockedUntil}` }) } },
      lockout: { maxAttempts: 2 },
    });
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const methodId = await enrolEmail(env, agent);
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    await settle();
    const added = env.mail.sent.filter((m) => m.purpose === 'notification:methodAdded');
    assert.equal(added.length, 1);
    assert.equal(added[0]!.subject, 'A two-factor authentication device has been added');
    assert.equal(added[0]!.to, 'alice@clinic.example');

    env.clock.advanceSeconds(60);
    const other = request.agent(env.app);
    await logIn(other, 'alice');
    const wrong = env.mail.lastCode('alice@clinic.example') === '000000' ? '111111' : '000000';
    await other.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: wrong });
    await other.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: wrong });
    await settle();
    const locked = env.mail.sent.filter((m) => m.purpose === 'notification:locked');
    assert.equal(locked.length, 1);
    assert.equal(locked[0]!.subject, 'Locked!');

    assert.equal((await agent.delete(`/2fa/methods/${methodId}`).set('Accept', JSON_ACCEPT)).status, 200);
    await settle();
    assert.equal(env.mail.sent.filter((m) => m.purpose === 'notification:methodRemoved').length, 0, 'turned off');
  });
});
