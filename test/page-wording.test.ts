import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { defaultTemplates, readableIp } from '../src/notifications/templates.js';
import { logIn, makeTestApp, manualClock } from './support/test-app.js';
import { outbox } from './support/outbox.js';

const HTML = 'text/html';

describe('what pages and emails say', () => {
  it('settings without a method offers adding one, not a "Turn on" that could only fail', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    const settings = await agent.get('/2fa').set('Accept', HTML);
    assert.match(settings.text, /No verification method yet\./);
    assert.match(settings.text, /Add a method/);
    assert.doesNotMatch(settings.text, /action="\/2fa\/enable"/);
    assert.doesNotMatch(settings.text, /Turn on two-step verification/);
  });

  it('a code already used (the enrolment code, at sign-in in the same 30 s) is refused with a message that says why', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const first = request.agent(app);
    await logIn(first, 'alice');
    const started = await first.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'totp' });
    const code = generateTotp({ secret: started.body.secret, nowMs: clock.now() });
    assert.equal((await first.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code })).status, 200);
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const again = await agent.post('/2fa/verify').type('form').set('Accept', HTML).send(`code=${code}`);
    assert.equal(again.status, 401);
    assert.match(again.text, /Wrong code\. Each code works once: if you just used it, wait for the next\./);
    const api = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code });
    assert.match(api.body.message, /a code works only once, so if you just used it, wait for the next one/);
  });

  it('notification emails start with a capital and show an IPv4 client as IPv4', async () => {
    const added = defaultTemplates.methodAdded({ userId: 'u', at: Date.UTC(2026, 10, 23), ip: '::ffff:203.0.113.9', method: 'totp' });
    assert.match(added.text, /^An authenticator app was added/);
    assert.match(added.text, /from IP address 203\.0\.113\.9\./);
    assert.match(defaultTemplates.methodRemoved({ userId: 'u', at: 0, method: 'sms' }).text, /^A phone number \(text messages\) was removed/);
    assert.match(defaultTemplates.methodAdded({ userId: 'u', at: 0 }).text, /^A verification method was added/);
    assert.equal(readableIp('::FFFF:10.0.0.1'), '10.0.0.1');
    assert.equal(readableIp('2001:db8::1'), '2001:db8::1');
    assert.equal(readableIp('::ffff:a00:1'), '::ffff:a00:1', 'only the dotted form is rewritten');

    // End to end: a method added over a real socket.
    const clock = manualClock();
    const mail = outbox();
    const { app } = makeTestApp(memoryStore(), clock, { delivery: { email: mail.deliver } });
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const started = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@clinic.example' });
    await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code: mail.lastCode() });
    await new Promise((resolve) => setImmediate(resolve));
    const notice = mail.sent.find((m) => m.purpose === 'notification:methodAdded');
    assert.ok(notice, 'a notification was sent');
    assert.match(notice.text, /^An email address was added to your account/);
    assert.doesNotMatch(notice.text, /::ffff:/);
    assert.match(notice.text, /from IP address (127\.0\.0\.1|::1)\./);
  });
});
