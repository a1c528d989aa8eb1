/**
 * The `totp` option (hash, digits, period) for new authenticator apps, through the real
 * routes: the otpauth URI and the setup page say so, the codes an app computes (here with
 * node:crypto's HMAC, not otplib) sign in, replays stay refused in the app's own period, and
 * an app set up before the option changed keeps working as it was set up. The RFC 6238
 * Appendix B vectors go through twostep's own verifier, `POST /2fa/verify`.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, postgresEnrolments, redisStore, TwoStepConfigError, createTwoStep, type Enrolment, type EnrolmentStore, type TwoStepOptions, type TwoStepStore } from '../src/index.js';
import { internalsOf } from '../src/testing/index.js';
import { deriveKeys } from '../src/crypto/keys.ts';
import { sealSecret } from '../src/crypto/secret-box.ts';
import { totpSecretAad } from '../src/core/totp-secret.ts';
import { outbox } from './support/outbox.js';
import { usePostgres } from './support/postgres-fixture.ts';
import { useTestRedis } from './support/redis-fixture.ts';
import { logIn, makeTestApp, manualClock, TEST_SECRET, type Agent, type TestUser } from './support/test-app.js';
import { pendingSession } from './support/enrolled-user.js';

const redis = useTestRedis();
const postgres = usePostgres();
const JSON_TYPE = 'application/json';
const json = (agent: Agent, path: string, body: object = {}) => agent.post(path).set('Accept', JSON_TYPE).send(body);

// ---- an authenticator app of our own: RFC 4226/6238 on node:crypto, nothing of twostep's or otplib's

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(text: string): Buffer {
  let bits = '';
  for (const char of text.replace(/=+$/, '')) bits += BASE32.indexOf(char).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

function base32Encode(data: Buffer): string {
  let bits = '';
  for (const byte of data) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += BASE32[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}

type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** What the phone shows: HOTP (RFC 4226 §5.3) over the time step (RFC 6238). */
function appCode(secret: string, nowMs: number, { algorithm = 'SHA1', digits = 6, periodSeconds = 30 }: { algorithm?: Algorithm; digits?: number; periodSeconds?: number } = {}): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(nowMs / 1000 / periodSeconds)));
  const mac = createHmac(algorithm.toLowerCase(), base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** What the app reads from the QR code. */
function parseOtpauth(uri: string) {
  const url = new URL(uri);
  assert.equal(url.protocol, 'otpauth:');
  return {
    secret: url.searchParams.get('secret')!,
    algorithm: url.searchParams.get('algorithm'),
    digits: url.searchParams.get('digits'),
    period: url.searchParams.get('period'),
  };
}

// ---- the app under test

function app(extra: Partial<TwoStepOptions<TestUser>> = {}, store: TwoStepStore = memoryStore(), clock = manualClock()) {
  const mail = outbox();
  const made = makeTestApp(store, clock, { delivery: { email: mail.deliver }, notifications: false, ...extra });
  return { ...made, clock, store, mail };
}

/** Sets up an authenticator app over HTTP as a browser's script would, computing the code from the otpauth URI alone. */
async function enrolApp(env: ReturnType<typeof app>, username = 'alice') {
  const agent = request.agent(env.app);
  await logIn(agent, username);
  const started = await json(agent, '/2fa/methods', { type: 'totp' });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const uri = parseOtpauth(started.body.otpauthUrl);
  const settings = { algorithm: uri.algorithm as Algorithm, digits: Number(uri.digits), periodSeconds: Number(uri.period) };
  const confirmed = await json(agent, `/2fa/methods/${started.body.id}/confirm`, { code: appCode(uri.secret, env.clock.now(), settings) });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { agent, methodId: started.body.id as string, secret: uri.secret, settings, started: started.body };
}

describe('totp option: new authenticator apps use the chosen hash, digits and period', () => {
  it('SHA256 / 8 digits: the URI and the answer say so, and an independently computed code signs in', async () => {
    const env = app({ totp: { algorithm: 'SHA256', digits: 8 } });
    const { secret, settings, started } = await enrolApp(env);
    assert.deepEqual(settings, { algorithm: 'SHA256', digits: 8, periodSeconds: 30 });
    assert.match(started.otpauthUrl, /[?&]algorithm=SHA256&digits=8&period=30$/);
    assert.equal(started.algorithm, 'SHA256');
    assert.equal(started.digits, 8);
    assert.equal(started.periodSeconds, 30);

    env.clock.advanceSeconds(60);
    const agent = await pendingSession(env.app);
    const code = appCode(secret, env.clock.now(), settings);
    assert.equal(code.length, 8);
    const verified = await json(agent, '/2fa/verify', { code });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));

    // The same code again, from another browser in the same step: a replay.
    const other = await pendingSession(env.app);
    const replayed = await json(other, '/2fa/verify', { code });
    assert.equal(replayed.status, 401);
    assert.equal(replayed.body.error, 'invalid_code');
  });

  it('an 8-digit app refuses a 6-digit code (and the reverse) with 400, before anything is counted', async () => {
    const env = app({ totp: { digits: 8 } });
    const { secret, settings } = await enrolApp(env);
    env.clock.advanceSeconds(60);
    const agent = await pendingSession(env.app);
    const six = await json(agent, '/2fa/verify', { code: appCode(secret, env.clock.now(), settings).slice(2) });
    assert.equal(six.status, 400);
    assert.equal(six.body.error, 'invalid_request');
    assert.match(six.body.message, /exactly 8 digits/);
    assert.equal((await env.store.getLockState('u-alice', env.clock.now())).failures, 0);
    for (const bad of ['1234567', '123456789', '１２３４５６７８', 12345678]) {
      const refused = await json(agent, '/2fa/verify', { code: bad });
      assert.equal(refused.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(refused.body)}`);
    }
    assert.equal((await json(agent, '/2fa/verify', { code: appCode(secret, env.clock.now(), settings) })).status, 200);

    const plain = app();
    const old = await enrolApp(plain);
    plain.clock.advanceSeconds(60);
    const pending = await pendingSession(plain.app);
    const eight = await json(pending, '/2fa/verify', { code: appCode(old.secret, plain.clock.now(), { digits: 8 }) });
    assert.equal(eight.status, 400);
    assert.match(eight.body.message, /exactly 6 digits/);
  });

  it('a 60-second period: a code is refused again for its whole 60 s, the next step is accepted', async () => {
    const env = app({ totp: { periodSeconds: 60 } });
    // Start on a step boundary, so "the same step" below is unambiguous.
    env.clock.set(Math.ceil(env.clock.now() / 60_000) * 60_000);
    const { secret, settings, started } = await enrolApp(env);
    assert.match(started.otpauthUrl, /[?&]algorithm=SHA1&digits=6&period=60$/);
    env.clock.advanceSeconds(120);
    const first = await pendingSession(env.app);
    const code = appCode(secret, env.clock.now(), settings);
    assert.equal((await json(first, '/2fa/verify', { code })).status, 200);
    // 40 s later: a 30-second app would be in its next step; this one is still in the same one.
    env.clock.advanceSeconds(40);
    assert.equal(appCode(secret, env.clock.now(), settings), code);
    const second = await pendingSession(env.app);
    assert.equal((await json(second, '/2fa/verify', { code })).status, 401, 'the same 60-second step, replayed');
    env.clock.advanceSeconds(20);
    assert.equal((await json(second, '/2fa/verify', { code: appCode(secret, env.clock.now(), settings) })).status, 200, 'the next step');
  });

  it('an app set up before the option changed keeps signing in as it was set up; new ones get the new settings', async () => {
    const store = memoryStore();
    const clock = manualClock();
    const before = app({}, store, clock);
    const old = await enrolApp(before);
    assert.deepEqual(old.settings, { algorithm: 'SHA1', digits: 6, periodSeconds: 30 });
    const oldRecord = (await store.defaultEnrolments!().read('u-alice'))!.enrolment.methods[0]!;
    assert.equal(oldRecord.totp, undefined, 'a default setup is recorded exactly as before the option existed');

    // The operator changes the option; the same stores, a new process.
    clock.advanceSeconds(60);
    const after = app({ totp: { algorithm: 'SHA512', digits: 8, periodSeconds: 30 } }, store, clock);
    const agent = await pendingSession(after.app);
    const verified = await json(agent, '/2fa/verify', { code: appCode(old.secret, clock.now()) });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));

    const fresh = await enrolApp(after, 'bob');
    assert.deepEqual(fresh.settings, { algorithm: 'SHA512', digits: 8, periodSeconds: 30 });
    const bobRecord = (await store.defaultEnrolments!().read('u-bob'))!.enrolment.methods[0]!;
    assert.deepEqual(bobRecord.totp, { algorithm: 'SHA512', digits: 8, periodSeconds: 30 });
  });

  it('pages follow the digits: the setup page, the challenge (with an email method beside it) and re-verification', async () => {
    const env = app({ totp: { algorithm: 'SHA256', digits: 8 } });
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const started = await json(agent, '/2fa/methods', { type: 'totp' });
    const page = await agent.get(`/2fa/methods/${started.body.id}`).set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /Enter the 8-digit code the app shows\./);
    assert.match(page.text, /8 digits, no spaces\./);
    assert.match(page.text, /pattern="\[0-9\]\{8\}" maxlength="10"/);
    const uri = parseOtpauth(started.body.otpauthUrl);
    const settings = { algorithm: 'SHA256' as const, digits: 8 };
    assert.equal((await json(agent, `/2fa/methods/${started.body.id}/confirm`, { code: appCode(uri.secret, env.clock.now(), settings) })).status, 200);
    const email = await json(agent, '/2fa/methods', { type: 'email', address: 'alice@clinic.example' });
    assert.equal((await json(agent, `/2fa/methods/${email.body.id}/confirm`, { code: env.mail.lastCode() })).status, 200);

    env.clock.advanceSeconds(60);
    const pending = await pendingSession(env.app);
    const challenge = await pending.get('/2fa/verify').set('Accept', 'text/html');
    assert.match(challenge.text, /6 or 8 digits, no spaces\./);
    assert.match(challenge.text, /pattern="\[0-9\]\{6\}\|\[0-9\]\{8\}" maxlength="10"/);
    assert.equal((await json(pending, '/2fa/verify', { code: appCode(uri.secret, env.clock.now(), settings) })).status, 200);
    const reverify = await pending.get('/2fa/reverify').set('Accept', 'text/html');
    assert.match(reverify.text, /pattern="\[0-9\]\{6\}\|\[0-9\]\{8\}"/);

    // A plain site's pages stay as they were: 6 digits.
    const plain = app();
    const plainAgent = request.agent(plain.app);
    await logIn(plainAgent, 'alice');
    const plainStart = await json(plainAgent, '/2fa/methods', { type: 'totp' });
    const plainPage = await plainAgent.get(`/2fa/methods/${plainStart.body.id}`).set('Accept', 'text/html');
    assert.match(plainPage.text, /Enter the 6-digit code the app shows\./);
    assert.match(plainPage.text, /6 digits, no spaces\./);
    assert.match(plainPage.text, /pattern="\[0-9\]\{6\}" maxlength="8"/);
  });

  it('is checked once, at start-up, with messages that say the fix', () => {
    const make = (totp: unknown) => () => createTwoStep({ secret: TEST_SECRET, users: { id: (u: { id: string }) => u.id }, store: memoryStore(), totp: totp as never });
    for (const [value, message] of [
      [{ algorithm: 'sha256' }, /totp\.algorithm must be one of 'SHA1', 'SHA256', 'SHA512' \(upper case/],
      [{ algorithm: 'MD5' }, /totp\.algorithm must be one of/],
      [{ digits: 7 }, /totp\.digits must be 6 or 8/],
      [{ digits: '8' }, /totp\.digits must be 6 or 8/],
      [{ periodSeconds: 10 }, /totp\.periodSeconds must be a whole number of seconds from 15 to 300/],
      [{ periodSeconds: 30.5 }, /totp\.periodSeconds must be a whole number/],
      [{ period: 60 }, /unknown option "totp\.period"\. Known: algorithm, digits, periodSeconds/],
      ['SHA256', /`totp` must be an object/],
    ] as const) {
      assert.throws(make(value), (error: unknown) => error instanceof TwoStepConfigError && message.test(error.message), JSON.stringify(value));
    }
    const resolved = internalsOf(make({ algorithm: 'SHA512', digits: 8, periodSeconds: 60 })()).options;
    assert.deepEqual(resolved.totp, { algorithm: 'SHA512', digits: 8, periodSeconds: 60 });
    assert.deepEqual(internalsOf(make(undefined)()).options.totp, { algorithm: 'SHA1', digits: 6, periodSeconds: 30 });
  });
});

describe('totp option: the settings live in the enrolment record, in every backend', () => {
  const backends: [string, () => Promise<{ store: TwoStepStore; enrolments?: EnrolmentStore }>][] = [
    ['memory', async () => ({ store: memoryStore() })],
    ['Redis', async () => ({ store: redisStore(redis.client) })],
    ['PostgreSQL (jsonb)', async () => {
      const enrolments = postgresEnrolments(postgres.pool);
      await enrolments.createSchema();
      await postgres.truncate();
      return { store: redisStore(redis.client), enrolments };
    }],
  ];
  for (const [name, make] of backends) {
    it(`${name}: a SHA512 / 8-digit app is stored with its settings and signs in from them`, async () => {
      const { store, enrolments } = await make();
      const env = app({ totp: { algorithm: 'SHA512', digits: 8 }, ...(enrolments ? { enrolments } : {}) }, store);
      const { secret, settings } = await enrolApp(env);
      const kept = enrolments ?? internalsOf(env.twoStep).enrolments;
      const method = (await kept.read('u-alice'))!.enrolment.methods.find((m) => m.type === 'totp')!;
      assert.deepEqual(method.totp, { algorithm: 'SHA512', digits: 8, periodSeconds: 30 });
      env.clock.advanceSeconds(60);
      const agent = await pendingSession(env.app);
      assert.equal((await json(agent, '/2fa/verify', { code: appCode(secret, env.clock.now(), settings) })).status, 200);
    });
  }
});

describe('totp option: a damaged record fails closed', () => {
  it('settings twostep never writes are not read as SHA1 / 6 / 30: the sign-in is refused, not guessed', async () => {
    const clock = manualClock();
    const store = memoryStore();
    const env = app({}, store, clock);
    const secret = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
    const sealedSecret = sealSecret(deriveKeys(TEST_SECRET).sealKey, Buffer.from(secret, 'utf8'), totpSecretAad('u-alice', 'm1'));
    const method = { id: 'm1', type: 'totp' as const, label: 'Authenticator app', primary: true, confirmed: true, createdAt: 0, sealedSecret };
    await store.defaultEnrolments!().write('u-alice', 0, { enabled: true, updatedAt: 0, methods: [{ ...method, totp: { algorithm: 'MD5', digits: 6, periodSeconds: 30 } as never }] });
    const agent = await pendingSession(env.app);
    const answer = await json(agent, '/2fa/verify', { code: appCode(secret, clock.now()) });
    assert.ok(answer.status >= 500, `${answer.status} ${JSON.stringify(answer.body)}`);
    assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 401, 'still not signed in');
  });
});

describe('RFC 6238 Appendix B, through POST /2fa/verify', () => {
  // The RFC's seeds: ASCII "1234567890" repeated to the hash's output size.
  const SEEDS: Record<Algorithm, string> = {
    SHA1: '12345678901234567890',
    SHA256: '12345678901234567890123456789012',
    SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
  };
  const VECTORS: Record<Algorithm, [seconds: number, code: string][]> = {
    SHA1: [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']],
    SHA256: [[59, '46119246'], [1111111109, '68084774'], [1111111111, '67062674'], [1234567890, '91819424'], [2000000000, '90698825'], [20000000000, '77737706']],
    SHA512: [[59, '90693936'], [1111111109, '25091201'], [1111111111, '99943326'], [1234567890, '93441116'], [2000000000, '38618901'], [20000000000, '47863826']],
  };

  /** Alice's enrolment holding the RFC seed as her app's secret, sealed as twostep seals one. */
  function rfcEnrolment(algorithm: Algorithm, digits: 6 | 8): Enrolment {
    const secret = base32Encode(Buffer.from(SEEDS[algorithm], 'ascii'));
    const sealedSecret = sealSecret(deriveKeys(TEST_SECRET).sealKey, Buffer.from(secret, 'utf8'), totpSecretAad('u-alice', 'rfc6238'));
    // SHA1 / 6 is written as every record before the option was: without settings.
    const totp = algorithm === 'SHA1' && digits === 6 ? {} : { totp: { algorithm, digits, periodSeconds: 30 } };
    return { enabled: true, updatedAt: 0, methods: [{ id: 'rfc6238', type: 'totp', label: 'Authenticator app', primary: true, confirmed: true, createdAt: 0, sealedSecret, ...totp }] };
  }

  for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
    for (const digits of [8, 6] as const) {
      it(`${algorithm}, ${digits} digits: every vector signs in, at its instant`, async () => {
        const clock = manualClock(0);
        const store = memoryStore();
        const env = app({}, store, clock);
        assert.equal(await store.defaultEnrolments!().write('u-alice', 0, rfcEnrolment(algorithm, digits)), 1);
        // Ascending instants: each vector is a later step than the one before, so none is a replay.
        for (const [seconds, code] of VECTORS[algorithm]) {
          clock.set(seconds * 1000);
          const agent = await pendingSession(env.app);
          const answer = code.slice(8 - digits);
          const verified = await json(agent, '/2fa/verify', { code: answer });
          assert.equal(verified.status, 200, `${algorithm}/${digits} @ ${seconds}: ${answer} ${JSON.stringify(verified.body)}`);
          // Our own app computes the same code: the vectors check it too.
          assert.equal(appCode(base32Encode(Buffer.from(SEEDS[algorithm], 'ascii')), seconds * 1000, { algorithm, digits }), answer);
        }
      });
    }
  }
});
