/**
 * New-sign-in alerts end to end: a real Express app with sessions and Passport, a real Redis
 * (the counters store), a real SMTP server on loopback receiving the emails. Clients come
 * from different networks through `X-Forwarded-For` (the app trusts its loopback proxy).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { redisStore, smtpEmail, type TwoStepEvents, type TwoStepOptions } from '../src/index.js';
import { userKeys } from '../src/store/keys.ts';
import { generateTotp } from '../src/testing/index.js';
import { useTestRedis } from './support/redis-fixture.ts';
import { enrolTotp, logIn, makeTestApp, makeUsers, manualClock, type Agent, type TestUser } from './support/test-app.js';

const redis = useTestRedis();

/** A real SMTP server on loopback; every message it accepts is parsed with mailparser. */
const allMail: ParsedMail[] = [];
/** The new-sign-in emails among them (method-added and recovery emails arrive too). */
const NEW_SIGN_IN_SUBJECTS = new Set(['New sign-in to your account', 'Nuevo inicio de sesión en su cuenta', 'Uusi kirjautuminen tilillesi']);
const received = {
  get length() {
    return allMail.filter((mail) => NEW_SIGN_IN_SUBJECTS.has(mail.subject ?? '')).length;
  },
  list: () => allMail.filter((mail) => NEW_SIGN_IN_SUBJECTS.has(mail.subject ?? '')),
};
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      allMail.push(mail);
      callback();
    }, callback);
  },
});
/** An SMTP server that accepts the connection and never says a word: the worst kind of down. */
const hung: Socket[] = [];
const silent: Server = createServer((socket) => void hung.push(socket));
let smtpPort = 0;
let silentPort = 0;
before(async () => {
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpPort = (smtp.server.address() as AddressInfo).port;
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  silentPort = (silent.address() as AddressInfo).port;
});
after(async () => {
  for (const socket of hung) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(() => {
  allMail.length = 0;
});

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const HOME = '198.51.100.7';
const HOME_NEIGHBOUR = '198.51.100.200';
const CAFE = '203.0.113.9';
const AIRPORT = '2001:db8:aa:1::5';
const HOTEL = '192.0.2.44';
const DAY_SECONDS = 86_400;

/** The SMTP client's timeouts: a hung server is given up on after this long. */
const SMTP_TIMEOUT_MS = 3000;

function mailer(port = smtpPort) {
  return smtpEmail({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS }, { from: 'Clinic <no-reply@clinic.example>' });
}

/** Users with addresses and languages: bob reads Spanish. */
function alertApp(options: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const byId = new Map([...makeUsers().values()].map((user) => [user.id, user]));
  const env = makeTestApp(redisStore(redis.client), clock, {
    delivery: { email: mailer() },
    users: {
      id: (u) => u.id,
      label: (u) => u.username,
      load: (id) => byId.get(id),
      email: (u) => `${u.username}@clinic.example`,
      language: (u) => (u.username === 'bob' ? 'es' : undefined),
    },
    // Emails follow the user's own language (users.language), among all shipped ones.
    lang: 'auto',
    notifications: { newSignIn: { linkBase: 'https://clinic.example' } },
    ...options,
  });
  env.app.set('trust proxy', 'loopback');
  const alerts: TwoStepEvents['signin.new'][] = [];
  env.twoStep.on('signin.new', (event) => void alerts.push(event));
  return { ...env, clock, alerts };
}
type AlertApp = ReturnType<typeof alertApp>;

/** Enrols `username` from a first browser at home (a password-only sign-in: nothing is noted). */
async function enrol(env: AlertApp, username: string): Promise<string> {
  const agent = request.agent(env.app);
  await logIn(agent.set('X-Forwarded-For', HOME) as unknown as Agent, username);
  const { secret } = await enrolTotp(agent, env.clock);
  env.clock.advanceSeconds(60);
  return secret;
}

/** The note of a sign-in is made beside the answer: wait until the store has it (its `last` is now). */
async function noted(env: AlertApp, userId: string): Promise<void> {
  const key = userKeys(userId).signIns;
  for (let i = 0; i < 200; i++) {
    if ((await redis.client.hget(key, 'last')) === String(env.clock.now())) {
      // The event (and its email) follow the store's answer on the next turns of the loop.
      await sleep(20);
      return;
    }
    await sleep(10);
  }
  assert.fail(`the sign-in of ${userId} was never noted`);
}

async function mails(count: number, timeoutMs = 3000): Promise<ParsedMail[]> {
  const until = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < until) await sleep(10);
  return received.list();
}

interface SignInFrom { agent?: Agent; userAgent?: string; remember?: boolean; username?: string }

/** Password, then (unless the browser is remembered or the network trusted) the app's code, from `ip`; answers how it went. */
async function signInFrom(env: AlertApp, secret: string, ip: string, how: SignInFrom = {}): Promise<{ agent: Agent; road: 'code' | 'skipped' }> {
  const username = how.username ?? 'alice';
  const agent = how.agent ?? request.agent(env.app);
  const headers = { 'X-Forwarded-For': ip, 'User-Agent': how.userAgent ?? FIREFOX_WINDOWS, Accept: 'application/json' };
  const login = await agent.post('/login').set(headers).send({ username, password: makeUsers().get(username)!.password });
  let road: 'code' | 'skipped' = 'skipped';
  if (login.status !== 200) {
    assert.equal(login.status, 401, JSON.stringify(login.body));
    const verified = await agent.post('/2fa/verify').set(headers).send({ code: generateTotp({ secret, nowMs: env.clock.now() }), ...(how.remember ? { remember: true } : {}) });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    road = 'code';
  }
  await noted(env, makeUsers().get(username)!.id);
  // The next sign-in's code is a new time step.
  env.clock.advanceSeconds(60);
  return { agent, road };
}

describe('new-sign-in alerts (real Redis, real SMTP)', () => {
  it('first sign-in after enrolment: noted, no alert; the same network again: none; a new network from a new device: one email with both links', async () => {
    const env = alertApp();
    const secret = await enrol(env, 'alice');
    await signInFrom(env, secret, HOME);
    await signInFrom(env, secret, HOME_NEIGHBOUR);
    assert.equal(env.alerts.length, 0, 'the first sign-in, then the same /24');
    assert.equal(received.length, 0);

    const at = env.clock.now();
    await signInFrom(env, secret, CAFE, { userAgent: SAFARI_IPHONE });
    const [mail] = await mails(1);
    assert.equal(received.length, 1);
    assert.ok(mail);
    assert.equal(mail.subject, 'New sign-in to your account');
    assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : [], ['alice@clinic.example']);
    const text = mail.text ?? '';
    assert.match(text, new RegExp(`on ${new Date(at).toUTCString()} from IP address ${CAFE.replaceAll('.', '\\.')}, with Safari on iPhone\\.`));
    assert.match(text, /sign out everywhere now and change your password: https:\/\/clinic\.example\/2fa#sessions/);
    assert.match(text, /Your security settings: https:\/\/clinic\.example\/2fa\n?/);
    assert.doesNotMatch(text, /198\.51\.100/, 'only this sign-in is told');
    assert.equal(env.alerts.length, 1);
    const [alert] = env.alerts;
    assert.equal(alert!.userId, 'u-alice');
    assert.equal(alert!.method, 'totp');
    assert.equal(alert!.ip, CAFE);
    assert.equal(alert!.userAgent, SAFARI_IPHONE);
    assert.equal(alert!.at, at);
    // Only keyed hashes are stored: no address, no network prefix.
    const stored = JSON.stringify(await redis.client.hgetall(userKeys('u-alice').signIns));
    assert.doesNotMatch(stored, /203\.0\.113|198\.51\.100|cb0071|c63364/);
  });

  it("the email is in the user's language", async () => {
    const env = alertApp();
    const secret = await enrol(env, 'bob');
    await signInFrom(env, secret, HOME, { username: 'bob' });
    await signInFrom(env, secret, AIRPORT, { username: 'bob' });
    const [mail] = await mails(1);
    assert.equal(mail?.subject, 'Nuevo inicio de sesión en su cuenta');
    assert.match(mail?.text ?? '', /con Firefox en Windows\./);
    assert.match(mail?.text ?? '', new RegExp(`IP ${AIRPORT}`));
    assert.match(mail?.text ?? '', /cierre la sesión en todas partes ahora y cambie su contraseña: https:\/\/clinic\.example\/2fa#sessions/);
    assert.match(mail?.text ?? '', /Su configuración de seguridad: https:\/\/clinic\.example\/2fa/);
  });

  it('a remembered browser is a known device: no alert from any network', async () => {
    const env = alertApp();
    const secret = await enrol(env, 'alice');
    const { agent } = await signInFrom(env, secret, HOME, { remember: true });
    await agent.post('/logout').set('Accept', 'application/json');
    const again = await signInFrom(env, secret, CAFE, { agent });
    assert.equal(again.road, 'skipped', 'the cookie signed the browser in');
    await agent.post('/logout').set('Accept', 'application/json');
    // Outside the interval too, and from IPv6.
    env.clock.advanceSeconds(2 * 3600);
    assert.equal((await signInFrom(env, secret, AIRPORT, { agent })).road, 'skipped');
    assert.equal(env.alerts.length, 0);
    await sleep(100);
    assert.equal(received.length, 0);
  });

  it('a device cookie that matches no remembered browser is no known device', async () => {
    const env = alertApp();
    const secret = await enrol(env, 'alice');
    await signInFrom(env, secret, HOME);
    const stranger = request.agent(env.app);
    stranger.jar.setCookie('twostep_device=AAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB', '127.0.0.1', '/');
    assert.equal((await signInFrom(env, secret, CAFE, { agent: stranger })).road, 'code');
    assert.equal(env.alerts.length, 1);
    assert.equal((await mails(1)).length, 1);
  });

  it('every road of a verified sign-in is judged: the Passport strategy alerts; a trusted network never does', async () => {
    const env = alertApp({ skipNetworks: ['192.0.2.0/24'] });
    const secret = await enrol(env, 'alice');
    await signInFrom(env, secret, HOME);
    // From the office network the code is skipped: noted, never alerted.
    const office = await signInFrom(env, secret, HOTEL);
    assert.equal(office.road, 'skipped', 'signed in without a code');
    assert.equal(env.alerts.length, 0);
    const agent = request.agent(env.app);
    const headers = { 'X-Forwarded-For': CAFE, 'User-Agent': SAFARI_IPHONE, Accept: 'application/json' };
    assert.equal((await agent.post('/login').set(headers).send({ username: 'alice', password: 'alice-pass' })).status, 401);
    assert.equal((await agent.post('/2fa/passport').set(headers).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) })).status, 200);
    await noted(env, 'u-alice');
    assert.equal(env.alerts.length, 1);
    assert.equal(env.alerts[0]!.userAgent, SAFARI_IPHONE);
    assert.match((await mails(1))[0]?.text ?? '', /with Safari on iPhone\./);
  });

  it('at most one alert per hour per user; after the hour, again', async () => {
    const env = alertApp();
    const secret = await enrol(env, 'alice');
    await signInFrom(env, secret, HOME);
    await signInFrom(env, secret, CAFE);
    await signInFrom(env, secret, HOTEL);
    await signInFrom(env, secret, AIRPORT);
    assert.equal(env.alerts.length, 1, 'three new networks within the hour: one alert');
    assert.equal((await mails(1)).length, 1);
    env.clock.advanceSeconds(3600);
    await signInFrom(env, secret, '100.64.0.1');
    assert.equal(env.alerts.length, 2);
    assert.equal((await mails(2)).length, 2);
    await sleep(100);
    assert.equal(received.length, 2);
  });

  it('90 days later the network counts as new again (injected clock)', async () => {
    const env = alertApp();
    const secret = await enrol(env, 'alice');
    await signInFrom(env, secret, HOME);
    env.clock.advanceSeconds(89 * DAY_SECONDS);
    await signInFrom(env, secret, HOME);
    assert.equal(env.alerts.length, 0, 'seen 89 days ago');
    env.clock.advanceSeconds(90 * DAY_SECONDS);
    await signInFrom(env, secret, HOME);
    assert.equal(env.alerts.length, 1, 'not seen for 90 days');
    assert.equal((await mails(1)).length, 1);
  });

  it('networkMemoryDays and minIntervalSeconds are honoured', async () => {
    const env = alertApp({ notifications: { newSignIn: { linkBase: 'https://clinic.example/app/', networkMemoryDays: 7, minIntervalSeconds: 60 } } });
    const secret = await enrol(env, 'alice');
    await signInFrom(env, secret, HOME);
    env.clock.advanceSeconds(7 * DAY_SECONDS);
    await signInFrom(env, secret, HOME);
    await signInFrom(env, secret, CAFE);
    assert.equal(env.alerts.length, 2, 'a week forgets; a minute apart is allowed');
    const [first] = await mails(2);
    assert.match(first?.text ?? '', /https:\/\/clinic\.example\/app\/2fa#sessions/);
  });

  it('a template set to false sends no email, and the event still fires', async () => {
    const env = alertApp({ notifications: { newSignIn: { linkBase: 'https://clinic.example' }, templates: { newSignIn: false } } });
    const secret = await enrol(env, 'alice');
    await signInFrom(env, secret, HOME);
    await signInFrom(env, secret, CAFE);
    assert.equal(env.alerts.length, 1);
    await sleep(200);
    assert.equal(received.length, 0);
  });

  it('off by default: nothing is noted and no event fires', async () => {
    const env = alertApp({ notifications: {} });
    const secret = await enrol(env, 'alice');
    const agent = request.agent(env.app);
    await agent.post('/login').set({ 'X-Forwarded-For': HOME, Accept: 'application/json' }).send({ username: 'alice', password: 'alice-pass' });
    assert.equal((await agent.post('/2fa/verify').set({ 'X-Forwarded-For': HOME, Accept: 'application/json' }).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) })).status, 200);
    await sleep(100);
    assert.equal(await redis.client.exists(userKeys('u-alice').signIns), 0);
    assert.equal(env.alerts.length, 0);
  });

  for (const [name, port] of [['refusing connections', () => 1], ['accepting and never answering', () => silentPort]] as const) {
    it(`SMTP ${name}: the sign-in still answers 200 at once; the alert is lost, not the sign-in`, async (t) => {
      const env = alertApp({ delivery: { email: mailer(port()) } });
      const errors: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void errors.push(args);
      try {
        const secret = await enrol(env, 'alice');
        await signInFrom(env, secret, HOME);
        const agent = request.agent(env.app);
        const headers = { 'X-Forwarded-For': CAFE, Accept: 'application/json' };
        await agent.post('/login').set(headers).send({ username: 'alice', password: 'alice-pass' });
        const started = performance.now();
        const verified = await agent.post('/2fa/verify').set(headers).send({ code: generateTotp({ secret, nowMs: env.clock.now() }) });
        const tookMs = performance.now() - started;
        assert.equal(verified.status, 200);
        t.diagnostic(`the sign-in answered in ${tookMs.toFixed(0)} ms`);
        assert.ok(tookMs < SMTP_TIMEOUT_MS / 2, `the answer took ${tookMs.toFixed(0)} ms; the SMTP timeouts are ${SMTP_TIMEOUT_MS} ms`);
        assert.equal((await agent.get('/api/me')).status, 200, 'signed in');
        await noted(env, 'u-alice');
        assert.equal(env.alerts.length, 1, 'decided and announced');
        // The failed delivery is reported (after its own timeout), never thrown at the request.
        const until = Date.now() + 2 * SMTP_TIMEOUT_MS;
        const alertFailures = () => errors.filter((args) => /listener for "signin.new" threw; the sign-in went on/.test(String((args as unknown[])[0])));
        while (alertFailures().length === 0 && Date.now() < until) await sleep(20);
        assert.equal(alertFailures().length, 1, 'the failed delivery was reported');
      } finally {
        console.error = original;
      }
    });
  }
});
