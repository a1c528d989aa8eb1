import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { DeliveryTimeoutError, httpSms, memoryStore, smtpEmail, TwoStepConfigError } from '../src/index.js';
import { logIn, makeTestApp, manualClock } from './support/test-app.js';
import { enrolmentOf } from './support/enrolment-reads.ts';

/** A real SMTP server on loopback; every message it accepts is parsed with mailparser. */
const received: ParsedMail[] = [];
let refuseMail = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    if (refuseMail) {
      stream.resume();
      stream.on('end', () => callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })));
      return;
    }
    simpleParser(stream).then((mail) => {
      received.push(mail);
      callback();
    }, callback);
  },
});

/** A stand-in for a Twilio-style gateway: records form posts, or fails/hangs on demand. */
interface GatewayCall { url: string; authorization: string | undefined; form: URLSearchParams }
const calls: GatewayCall[] = [];
let gatewayMode: 'ok' | 'error' | 'hang' = 'ok';
const hanging: ServerResponse[] = [];
const gateway: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    calls.push({ url: req.url ?? '', authorization: req.headers.authorization, form: new URLSearchParams(body) });
    if (gatewayMode === 'hang') return void hanging.push(res);
    res.statusCode = gatewayMode === 'error' ? 500 : 201;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ sid: 'SM1' }));
  });
});

let smtpPort = 0;
let gatewayUrl = '';
before(async () => {
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpPort = (smtp.server.address() as AddressInfo).port;
  gateway.listen(0, '127.0.0.1');
  await once(gateway, 'listening');
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/2010-04-01`;
});
after(async () => {
  for (const res of hanging) res.destroy();
  gateway.closeAllConnections();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function mailer() {
  return smtpEmail({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 2000 }, { from: 'Clinic <no-reply@clinic.example>' });
}
function texter(timeoutSeconds = 0.5) {
  return httpSms({ baseUrl: gatewayUrl, accountSid: 'AC123', authToken: 'tok-secret', from: '+15005550006', timeoutSeconds });
}

function env() {
  const clock = manualClock();
  const store = memoryStore();
  return { clock, store, ...makeTestApp(store, clock, { delivery: { email: mailer(), sms: texter() } }) };
}

describe('email through SMTP (real smtp-server on loopback)', () => {
  it('sends the setup code, then the "device added" notification, and nothing carries the code twice', async () => {
    received.length = 0;
    const { app } = env();
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const started = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@clinic.example' });
    assert.equal(started.status, 201);
    assert.equal(received.length, 1);
    const mail = received[0]!;
    assert.equal(mail.from?.text, '"Clinic" <no-reply@clinic.example>');
    assert.match(mail.subject ?? '', /verification code/);
    const code = mail.text?.match(/\b(\d{6})\b/)?.[1];
    assert.ok(code);
    const confirmed = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code });
    assert.equal(confirmed.status, 200);
    // The notification goes out after the answer: wait for it.
    for (let i = 0; i < 100 && received.length < 2; i += 1) await new Promise((r) => setTimeout(r, 20));
    assert.equal(received[1]?.subject, 'A two-factor authentication device has been added');
    assert.equal((received[1]?.to as { text: string }).text, 'alice@clinic.example');
    assert.ok(!received[1]?.text?.includes(code!), 'the notification never repeats a code');
  });

  it('a refused message is 502 delivery_failed, and the failed send is not counted (no cooldown)', async () => {
    received.length = 0;
    const { app } = env();
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    refuseMail = true;
    try {
      const failed = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@clinic.example' });
      assert.equal(failed.status, 502);
      assert.equal(failed.body.error, 'delivery_failed');
      assert.doesNotMatch(JSON.stringify(failed.body), /\d{6}/);
    } finally {
      refuseMail = false;
    }
    const status = await agent.get('/2fa/status');
    assert.deepEqual(status.body.methods, []);
    const retried = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'email', address: 'alice@clinic.example' });
    assert.equal(retried.status, 201, 'an immediate retry works');
    assert.equal(received.length, 1);
  });
});

describe('SMS through the HTTP transport (local gateway)', () => {
  it('posts To/From/Body with basic auth to /Accounts/{sid}/Messages.json', async () => {
    calls.length = 0;
    gatewayMode = 'ok';
    const { app } = env();
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const started = await agent.post('/2fa/methods').set('Accept', 'application/json').send({ type: 'sms', phone: '+1 415 555 2671' });
    assert.equal(started.status, 201);
    const call = calls[0]!;
    assert.equal(call.url, '/2010-04-01/Accounts/AC123/Messages.json');
    assert.equal(call.authorization, `Basic ${Buffer.from('AC123:tok-secret').toString('base64')}`);
    assert.equal(call.form.get('To'), '+14155552671');
    assert.equal(call.form.get('From'), '+15005550006');
    const code = call.form.get('Body')?.match(/\b(\d{6})\b/)?.[1];
    const confirmed = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', 'application/json').send({ code });
    assert.equal(confirmed.status, 200);
  });

  it('a gateway error is 502 and a hang is 503; neither counts as a send nor leaves a code behind', async () => {
    calls.length = 0;
    const clock = manualClock();
    const store = memoryStore();
    const { app } = makeTestApp(store, clock, { delivery: { sms: texter(0.3) }, codes: { maxSendsPerHour: 2 } });
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const body = { type: 'sms', phone: '+14155552671' };
    gatewayMode = 'error';
    const error = await agent.post('/2fa/methods').set('Accept', 'application/json').send(body);
    assert.equal(error.status, 502);
    assert.equal(error.body.error, 'delivery_failed');
    gatewayMode = 'hang';
    const hang = await agent.post('/2fa/methods').set('Accept', 'application/json').send(body);
    assert.equal(hang.status, 503);
    assert.equal(hang.body.error, 'unavailable');
    gatewayMode = 'ok';
    // The cap is 2 per hour: both failures were withdrawn, so two sends still fit.
    assert.equal((await agent.post('/2fa/methods').set('Accept', 'application/json').send(body)).status, 201);
    assert.equal((await agent.post('/2fa/methods').set('Accept', 'application/json').send(body)).status, 201);
    assert.equal((await agent.post('/2fa/methods').set('Accept', 'application/json').send(body)).status, 429);
    // Codes from the failed sends were withdrawn: the body the gateway saw in the error case does not confirm anything.
    const failedCode = calls[0]!.form.get('Body')!.match(/\b(\d{6})\b/)![1]!;
    const lastCode = calls.at(-1)!.form.get('Body')!.match(/\b(\d{6})\b/)![1]!;
    const status = await agent.get('/2fa/status');
    assert.equal(status.body.enabled, false);
    const { enrolment } = { enrolment: await enrolmentOf(store, 'u-alice') };
    const pending = enrolment!.methods.find((m) => !m.confirmed)!;
    if (failedCode !== lastCode) {
      assert.equal((await agent.post(`/2fa/methods/${pending.id}/confirm`).set('Accept', 'application/json').send({ code: failedCode })).status, 401);
    }
    assert.equal((await agent.post(`/2fa/methods/${pending.id}/confirm`).set('Accept', 'application/json').send({ code: lastCode })).status, 200);
  });

  it('validates its options and reports a timeout as DeliveryTimeoutError', async () => {
    assert.throws(() => httpSms({ baseUrl: 'not a url', accountSid: 'a', authToken: 'b', from: 'c' }), TwoStepConfigError);
    assert.throws(() => httpSms({ baseUrl: gatewayUrl, accountSid: '', authToken: 'b', from: 'c' }), /accountSid/);
    assert.throws(() => httpSms({ baseUrl: gatewayUrl, accountSid: 'a', authToken: 'b', from: 'c', timeoutSeconds: 0 }), /timeoutSeconds/);
    assert.throws(() => smtpEmail({ host: 'x' }, { from: 'nobody' }), /from/);
    gatewayMode = 'hang';
    await assert.rejects(texter(0.2)({ to: '+14155552671', text: 'x', purpose: 'login', userId: 'u' }), DeliveryTimeoutError);
    gatewayMode = 'ok';
  });
});
