/**
 * A wrong answer is refused in words that fit it, on a real redis-server, real Express and
 * supertest agents: the JSON answer names the kind (`answer`), the page says the text for that
 * kind, and only a wrong authenticator app code gets the "wait for the next one" advice. A wrong
 * sent (email) code, a wrong first code during setup (app or email), a wrong recovery code and a
 * refused passkey each get their own. No text starts with "Verification failed".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { defaultTexts, redisStore, type TwoStepOptions } from '../src/index.js';
import { BUILT_IN_PACKS } from '../src/language-packs.js';
import { generateTotp } from '../src/testing/index.js';
import { outbox } from './support/outbox.js';
import { useTestRedis } from './support/redis-fixture.js';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { ORIGIN, RP_ID, WEBAUTHN, addPasskey, optionsFor } from './support/passkey-app.ts';
import { logIn, makeTestApp, manualClock, wrongCode, type Agent, type TestUser } from './support/test-app.js';

const redis = useTestRedis();
const HTML = 'text/html';
const WAIT_ADVICE = /wait for the next/i;

function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const mail = outbox();
  const env = makeTestApp(redisStore(redis.client, { timeoutSeconds: 2 }), clock, { delivery: { email: mail.deliver }, notifications: false, webauthn: WEBAUTHN, ...extra });
  return { ...env, clock, mail };
}

const json = (agent: Agent, path: string, body: object) => agent.post(path).set('Accept', 'application/json').send(body);
const form = (agent: Agent, path: string, fields: Record<string, string>) => agent.post(path).type('form').set('Accept', HTML).send(new URLSearchParams(fields).toString());

/** The text of the page's error alert, without the visually hidden "Error:". */
function alertOf(html: string): string {
  const match = /<div class="error" role="alert" id="error"><span class="visually-hidden">[^<]*<\/span>([^<]*)<\/div>/.exec(html);
  assert.ok(match, `an error alert on the page:\n${html}`);
  return match[1]!.replaceAll('&#39;', "'");
}

/** Refused as `kind`, the JSON saying so; advice to wait only for an app code. */
function assertJsonRefusal(res: request.Response, kind: string): void {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.equal(res.body.error, 'invalid_code');
  assert.equal(res.body.answer, kind);
  assert.doesNotMatch(res.body.message, /Verification failed/);
  if (kind === 'app-code') assert.match(res.body.message, /a code works only once, so if you just used it, wait for the next one/);
  else assert.doesNotMatch(res.body.message, WAIT_ADVICE, `${kind}: no advice to wait for the next code`);
}

function assertPageRefusal(res: request.Response, text: string): void {
  assert.equal(res.status, 401);
  const alert = alertOf(res.text);
  assert.equal(alert, text);
  assert.doesNotMatch(res.text, /Verification failed/);
}

/** alice (or `username`) with the authenticator app as her first method (recovery codes kept), and a fresh pending browser. */
async function aliceWithApp(extra: Partial<TwoStepOptions<TestUser>> = {}, username = 'alice') {
  const env = setup(extra);
  const first = request.agent(env.app);
  await logIn(first, username);
  const started = await json(first, '/2fa/methods', { type: 'totp' });
  assert.equal(started.status, 201);
  const { secret, id } = started.body as { secret: string; id: string };
  const confirmed = await json(first, `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: env.clock.now() }) });
  assert.equal(confirmed.status, 200);
  env.clock.advanceSeconds(60);
  const agent = request.agent(env.app);
  assert.equal((await logIn(agent, username)).status, 401);
  return { ...env, first, agent, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe('a wrong answer, in words that fit its kind (Redis)', () => {
  it('a wrong authenticator app code: "wait for the next one", in JSON and on the page', async () => {
    const { agent, secret, clock } = await aliceWithApp();
    assertJsonRefusal(await json(agent, '/2fa/verify', { code: wrongCode(secret, clock.now()) }), 'app-code');
    const page = await form(agent, '/2fa/verify', { code: wrongCode(secret, clock.now()) });
    assertPageRefusal(page, defaultTexts.errorWrongAppCode);
    assert.match(alertOf(page.text), WAIT_ADVICE);
    assert.match(page.text, /<p class="attempts-left" id="attempts-left">3 attempts left before verification is locked\.<\/p>/);
  });

  it('a code already used (the setup code, again at sign-in): the app-code text, the one that explains it', async () => {
    const env = setup();
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    const started = await json(first, '/2fa/methods', { type: 'totp' });
    const code = generateTotp({ secret: started.body.secret, nowMs: env.clock.now() });
    assert.equal((await json(first, `/2fa/methods/${started.body.id}/confirm`, { code })).status, 200);
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    assertPageRefusal(await form(agent, '/2fa/verify', { code }), defaultTexts.errorWrongAppCode);
  });

  it('a wrong first code during setup, of an authenticator app and of an email address: the first-code text', async () => {
    const { first, clock } = await aliceWithApp();
    // A second app: its first code, wrong.
    const app2 = await json(first, '/2fa/methods', { type: 'totp' });
    assert.equal(app2.status, 201);
    assertJsonRefusal(await json(first, `/2fa/methods/${app2.body.id}/confirm`, { code: wrongCode(app2.body.secret, clock.now()) }), 'first-code');
    assertPageRefusal(await form(first, `/2fa/methods/${app2.body.id}/confirm`, { code: wrongCode(app2.body.secret, clock.now()) }), defaultTexts.errorWrongFirstCode);

    const email = await json(first, '/2fa/methods', { type: 'email', address: 'alice@clinic.example' });
    assert.equal(email.status, 201);
    assertJsonRefusal(await json(first, `/2fa/methods/${email.body.id}/confirm`, { code: '000000' }), 'first-code');
    assertPageRefusal(await form(first, `/2fa/methods/${email.body.id}/confirm`, { code: '000001' }), defaultTexts.errorWrongFirstCode);
  });

  it('a wrong emailed code at sign-in: the sent-code text, no advice to wait', async () => {
    const env = setup();
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    const started = await json(first, '/2fa/methods', { type: 'email', address: 'alice@clinic.example' });
    assert.equal((await json(first, `/2fa/methods/${started.body.id}/confirm`, { code: env.mail.lastCode() })).status, 200);
    env.clock.advanceSeconds(60);
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const sent = env.mail.lastCode();
    const wrong = sent === '123456' ? '654321' : '123456';
    assertJsonRefusal(await json(agent, '/2fa/verify', { code: wrong }), 'sent-code');
    const page = await form(agent, '/2fa/verify', { code: wrong });
    assertPageRefusal(page, defaultTexts.errorWrongSentCode);
    assert.doesNotMatch(page.text, WAIT_ADVICE);
  });

  it('a wrong or spent recovery code: the recovery-code text', async () => {
    const { app, agent, recoveryCodes } = await aliceWithApp();
    assertJsonRefusal(await json(agent, '/2fa/verify', { recoveryCode: 'AAAAA-AAAAA-AAAAA' }), 'recovery-code');
    // Spent in another browser, then tried here.
    const other = request.agent(app);
    await logIn(other, 'alice');
    assert.equal((await json(other, '/2fa/verify', { recoveryCode: recoveryCodes[0] })).status, 200);
    const page = await form(agent, '/2fa/verify', { recoveryCode: recoveryCodes[0]! });
    assertPageRefusal(page, defaultTexts.errorWrongRecoveryCode);
    assert.doesNotMatch(page.text, WAIT_ADVICE);
    assert.match(page.text, /aria-describedby="recovery-hint error attempts-left" aria-invalid="true"/);
  });

  it('a refused passkey (an answer signed for another site): the passkey text', async () => {
    const { first, agent } = await aliceWithApp();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    await addPasskey(first, key, 'Phone');
    const options = await optionsFor(agent);
    assertJsonRefusal(await json(agent, '/2fa/verify', { credential: key.assert(options, { origin: 'https://clinic-login.example' }) }), 'passkey');
    const again = await optionsFor(agent);
    const page = await form(agent, '/2fa/verify', { credential: JSON.stringify(key.assert(again, { origin: 'https://clinic-login.example' })) });
    assertPageRefusal(page, defaultTexts.errorPasskeyRefused);
    assert.doesNotMatch(page.text, WAIT_ADVICE);
  });

  it('the answer that sets the lock says until when, without "Verification failed"', async () => {
    const { agent, secret, clock } = await aliceWithApp({ lockout: { maxAttempts: 2 } });
    assertJsonRefusal(await json(agent, '/2fa/verify', { code: wrongCode(secret, clock.now()) }), 'app-code');
    const locking = await json(agent, '/2fa/verify', { code: wrongCode(secret, clock.now()) });
    assert.equal(locking.status, 401);
    assert.equal(locking.body.answer, 'app-code');
    assert.match(locking.body.message, /^Too many failed attempts: try again after /);
  });

  it('in Spanish and Finnish, each kind has its own text, the app code alone with the advice', async () => {
    for (const [lang, username] of [['es', 'alice'], ['fi', 'bob']] as const) {
      const { agent, secret, clock } = await aliceWithApp({ lang }, username);
      const pages = BUILT_IN_PACKS[lang].pages;
      assertPageRefusal(await form(agent, '/2fa/verify', { code: wrongCode(secret, clock.now()) }), pages.errorWrongAppCode);
      assertPageRefusal(await form(agent, '/2fa/verify', { recoveryCode: 'AAAAA-AAAAA-AAAAA' }), pages.errorWrongRecoveryCode);
      const kinds = [pages.errorWrongAppCode, pages.errorWrongSentCode, pages.errorWrongFirstCode, pages.errorWrongRecoveryCode, pages.errorPasskeyRefused];
      assert.equal(new Set(kinds).size, 5, `${lang}: five different texts`);
      const english = new Set(Object.values(defaultTexts));
      for (const text of kinds) assert.ok(!english.has(text), `${lang}: "${text}" is translated`);
    }
  });
});
