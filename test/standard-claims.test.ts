/**
 * `twoStep.claims(req)`: every way of signing in, through the real routes (supertest, Express
 * 4 or 5, Passport), gives the RFC 8176 `amr`, the `acr` and the `authTime` that
 * docs/standard-claims.md promises — and a session that is not fully signed in gives null.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStep, type TwoStepOptions } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { standardClaims } from '../src/core/standard-claims.ts';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { outbox } from './support/outbox.js';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent, type TestUser } from './support/test-app.js';
import { pendingSession } from './support/enrolled-user.js';
import { addPasskey, json, optionsFor, ORIGIN, RP_ID, WEBAUTHN } from './support/passkey-app.ts';

const AAL1 = 'http://idmanagement.gov/ns/assurance/aal/1';
const AAL2 = 'http://idmanagement.gov/ns/assurance/aal/2';
const AAL2_PR = 'http://idmanagement.gov/ns/assurance/aal/2?phishing_resistant=true';

function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const mail = outbox();
  const sms = outbox();
  const byId = new Map([['u-alice', { id: 'u-alice', username: 'alice', password: 'alice-pass', role: 'staff' }]]);
  const made = makeTestApp(memoryStore(), clock, {
    delivery: { email: mail.deliver, sms: sms.deliver },
    notifications: false,
    webauthn: WEBAUTHN,
    users: { id: (u) => u.id, label: (u) => u.username, load: (id) => byId.get(id) },
    ...extra,
  });
  exposeClaims(made.twoStep, made.app);
  made.app.use('/login/passkey', made.twoStep.passkeyLogin());
  return { ...made, clock, mail, sms };
}

/** The app's own routes that read the claims: one for signed-in users, and its sign-in page (reachable mid-way). */
function exposeClaims(twoStep: TwoStep, app: ReturnType<typeof makeTestApp>['app']) {
  app.get('/api/claims', (req, res) => { res.json({ claims: twoStep.claims(req) }); });
  app.get('/login', (req, res) => { res.json({ claims: twoStep.claims(req) }); });
}

async function claimsOf(agent: Agent, path = '/api/claims') {
  const answer = await agent.get(path).set('Accept', 'application/json');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.claims as { amr: string[]; acr: string; authTime: number } | null;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Alice from a fresh browser: password, then `answer` at the challenge. */
async function signInWith(env: ReturnType<typeof setup>, answer: (agent: Agent) => Promise<Record<string, unknown>>) {
  const agent = await pendingSession(env.app);
  const verified = await json(agent, '/2fa/verify', await answer(agent));
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  return agent;
}

async function aliceEnrolled(env: ReturnType<typeof setup>, enrol: (agent: Agent) => Promise<void>) {
  const first = request.agent(env.app);
  await logIn(first, 'alice');
  await enrol(first);
  env.clock.advanceSeconds(60);
}

async function enrolContact(env: ReturnType<typeof setup>, agent: Agent, type: 'email' | 'sms') {
  const to = type === 'email' ? 'alice@clinic.example' : '+14155552671';
  const started = await json(agent, '/2fa/methods', type === 'email' ? { type, address: to } : { type, phone: to });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const code = (type === 'email' ? env.mail : env.sms).lastCode(to);
  assert.equal((await json(agent, `/2fa/methods/${started.body.id}/confirm`, { code })).status, 200);
  return { id: started.body.id as string, to };
}

describe('twoStep.claims(req): RFC 8176 amr, NIST AAL acr, authTime', () => {
  it('password only (no 2FA needed): pwd, AAL1, the instant of the sign-in', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    const signedInAt = env.clock.now();
    assert.equal((await logIn(agent, 'alice')).status, 200);
    env.clock.advanceSeconds(90);
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd'], acr: AAL1, authTime: seconds(signedInAt) });
  });

  it('an authenticator app: pwd + otp + mfa, AAL2, the instant of the code', async () => {
    const env = setup();
    let secret = '';
    await aliceEnrolled(env, async (agent) => { ({ secret } = await enrolTotp(agent, env.clock)); });
    const verifiedAt = env.clock.now();
    const agent = await signInWith(env, async () => ({ code: generateTotp({ secret, nowMs: env.clock.now() }) }));
    env.clock.advanceSeconds(120);
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'otp', 'mfa'], acr: AAL2, authTime: seconds(verifiedAt) });
  });

  it('through the Passport strategy: the same claims as the route', async () => {
    const env = setup();
    let secret = '';
    await aliceEnrolled(env, async (agent) => { ({ secret } = await enrolTotp(agent, env.clock)); });
    const agent = await pendingSession(env.app);
    const verified = await json(agent, '/2fa/passport', { code: generateTotp({ secret, nowMs: env.clock.now() }) });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'otp', 'mfa'], acr: AAL2, authTime: seconds(env.clock.now()) });
  });

  it('an email code: pwd + otp but no mfa, AAL1 (NIST: email proves no device)', async () => {
    const env = setup();
    let to = '';
    await aliceEnrolled(env, async (agent) => { ({ to } = await enrolContact(env, agent, 'email')); });
    const agent = await signInWith(env, async () => ({ code: env.mail.lastCode(to) }));
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'otp'], acr: AAL1, authTime: seconds(env.clock.now()) });
  });

  it('a text-message code: pwd + sms + mfa, AAL2', async () => {
    const env = setup();
    let to = '';
    await aliceEnrolled(env, async (agent) => { ({ to } = await enrolContact(env, agent, 'sms')); });
    const agent = await signInWith(env, async () => ({ code: env.sms.lastCode(to) }));
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'sms', 'mfa'], acr: AAL2, authTime: seconds(env.clock.now()) });
  });

  it('a recovery code: pwd + otp + mfa, AAL2 (a look-up secret)', async () => {
    const env = setup();
    let codes: string[] = [];
    await aliceEnrolled(env, async (agent) => { ({ recoveryCodes: codes } = await enrolTotp(agent, env.clock)); });
    const agent = await signInWith(env, async () => ({ recoveryCode: codes[0] }));
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'otp', 'mfa'], acr: AAL2, authTime: seconds(env.clock.now()) });
  });

  it('a security key (device-bound): pwd + hwk + user + mfa, phishing-resistant AAL2', async () => {
    const env = setup();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    await aliceEnrolled(env, async (agent) => { await addPasskey(agent, key); });
    const agent = await signInWith(env, async (pending) => ({ credential: key.assert(await optionsFor(pending)) }));
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'hwk', 'user', 'mfa'], acr: AAL2_PR, authTime: seconds(env.clock.now()) });
  });

  it('a synced passkey: swk, not hwk (its key can leave the device)', async () => {
    const env = setup();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID, synced: true, userVerified: false });
    await aliceEnrolled(env, async (agent) => { await addPasskey(agent, key); });
    const agent = await signInWith(env, async (pending) => ({ credential: key.assert(await optionsFor(pending)) }));
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'swk', 'user', 'mfa'], acr: AAL2_PR, authTime: seconds(env.clock.now()) });
  });

  for (const synced of [false, true]) {
    it(`passkey sign-in without a password (${synced ? 'synced' : 'device-bound'}): the key with user verification is both factors`, async () => {
      const env = setup();
      const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID, synced });
      await aliceEnrolled(env, async (agent) => { await addPasskey(agent, key); });
      const visitor = request.agent(env.app);
      const options = await json(visitor, '/login/passkey/options');
      const signedIn = await json(visitor, '/login/passkey', { credential: key.assert(options.body.options) });
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.deepEqual(await claimsOf(visitor), { amr: [synced ? 'swk' : 'hwk', 'user', 'mfa'], acr: AAL2_PR, authTime: seconds(env.clock.now()) });
    });
  }

  it('a trusted network skip: the password alone, AAL1, never mfa', async () => {
    const env = setup({ skipNetworks: ['127.0.0.0/8', '::1/128'] });
    let secret = '';
    await aliceEnrolled(env, async (agent) => { ({ secret } = await enrolTotp(agent, env.clock)); });
    assert.ok(secret);
    const agent = request.agent(env.app);
    assert.equal((await logIn(agent, 'alice')).status, 200, 'skipped');
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd'], acr: AAL1, authTime: seconds(env.clock.now()) });
  });

  it('a remembered browser: the password alone, AAL1, never mfa', async () => {
    const env = setup();
    let secret = '';
    await aliceEnrolled(env, async (agent) => { ({ secret } = await enrolTotp(agent, env.clock)); });
    const agent = await signInWith(env, async () => ({ code: generateTotp({ secret, nowMs: env.clock.now() }), remember: true }));
    assert.equal((await json(agent, '/logout')).status, 200);
    env.clock.advanceSeconds(3600);
    assert.equal((await logIn(agent, 'alice')).status, 200, 'the remembered browser skips the code');
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd'], acr: AAL1, authTime: seconds(env.clock.now()) });
  });

  it('null while the sign-in is half-finished, in forced setup, or for nobody', async () => {
    const env = setup({ policy: (user) => (user.username === 'bob' ? 'required' : 'optional') });
    let secret = '';
    await aliceEnrolled(env, async (agent) => { ({ secret } = await enrolTotp(agent, env.clock)); });
    assert.ok(secret);
    const pending = await pendingSession(env.app);
    assert.equal(await claimsOf(pending, '/login'), null, 'password given, second step not yet');
    const bob = request.agent(env.app);
    await logIn(bob, 'bob');
    assert.equal(await claimsOf(bob, '/login'), null, 'required, still setting up a method');
    assert.equal(await claimsOf(request.agent(env.app), '/login'), null, 'anonymous');
  });

  it('a re-verification with a code moves authTime and says what was used', async () => {
    const env = setup();
    let secret = '';
    let email = { id: '', to: '' };
    await aliceEnrolled(env, async (agent) => {
      ({ secret } = await enrolTotp(agent, env.clock));
      email = await enrolContact(env, agent, 'email');
    });
    const agent = await signInWith(env, async (pending) => {
      assert.equal((await json(pending, '/2fa/send', { method: email.id })).status, 200);
      return { code: env.mail.lastCode(email.to), method: email.id };
    });
    const signedIn = seconds(env.clock.now());
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'otp'], acr: AAL1, authTime: signedIn });
    env.clock.advanceSeconds(600);
    const reverified = await json(agent, '/2fa/reverify', { code: generateTotp({ secret, nowMs: env.clock.now() }) });
    assert.equal(reverified.status, 200, JSON.stringify(reverified.body));
    assert.deepEqual(await claimsOf(agent), { amr: ['pwd', 'otp', 'mfa'], acr: AAL2, authTime: signedIn + 600 });
  });
});

describe('standardClaims: records kept before the claims existed', () => {
  it('a passkey record without what the key told claims the weaker swk', () => {
    assert.deepEqual(standardClaims({ userId: 'u', amr: ['pwd', 'hwk'], verifiedAt: 5_000 }), { amr: ['pwd', 'swk', 'user', 'mfa'], acr: AAL2_PR, authTime: 5 });
  });

  it('a skip record without signedInAt falls back to issuedAt; one with no instant at all is null', () => {
    assert.deepEqual(standardClaims({ userId: 'u', amr: ['pwd', 'device'], verifiedAt: null, issuedAt: 7_999 }), { amr: ['pwd'], acr: AAL1, authTime: 7 });
    assert.equal(standardClaims({ userId: 'u', amr: ['pwd', 'ip'], verifiedAt: null }), null);
  });
});
