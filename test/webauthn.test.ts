/**
 * Passkeys and security keys through the real routes: Express, express-session, Passport,
 * supertest agents with cookies, the memory store, and a software authenticator that signs
 * for real. Every refused answer must be a 401 that counts in the lockout shared with codes;
 * every malformed one a 400 that counts nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { enrolTotp, logIn, makeTestApp, manualClock } from './support/test-app.js';
import { pendingSession } from './support/enrolled-user.js';
import { enrolmentOf } from './support/enrolment-reads.ts';
import { addPasskey, aliceWithPasskey, failures, json, optionsFor, ORIGIN, RP_ID, setup, WEBAUTHN } from './support/passkey-app.ts';

describe('passkeys: adding one', () => {
  it('the first passkey turns 2FA on, shows recovery codes, becomes primary and names itself', async () => {
    const { body, first } = await aliceWithPasskey();
    assert.equal(body.method.type, 'webauthn');
    assert.equal(body.method.label, 'YubiKey 5');
    assert.equal(body.method.primary, true);
    assert.equal(body.recoveryCodes.length, 10);
    const me = await first.get('/api/me').set('Accept', 'application/json');
    assert.deepEqual(me.body.session.amr, ['pwd', 'hwk']);
    const status = await first.get('/2fa/status').set('Accept', 'application/json');
    assert.equal(status.body.enabled, true);
  });

  it('a passkey added beside an authenticator app becomes the primary method', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, env.clock);
    const added = await addPasskey(agent, new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }));
    assert.equal(added.body.recoveryCodes, undefined);
    const status = await agent.get('/2fa/status').set('Accept', 'application/json');
    const primary = status.body.methods.find((m: { primary: boolean }) => m.primary);
    assert.equal(primary.type, 'webauthn');
  });

  it('refuses an answer from another origin or for another rpID, and the challenge is spent', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    for (const overrides of [{ origin: 'https://clinic.example.evil' }, { rpID: 'evil.example' }]) {
      const started = await json(agent, '/2fa/methods', { type: 'webauthn' });
      const refused = await json(agent, `/2fa/methods/${started.body.id}/confirm`, { credential: key.register(started.body.options, overrides) });
      assert.equal(refused.status, 400);
      const again = await json(agent, `/2fa/methods/${started.body.id}/confirm`, { credential: key.register(started.body.options) });
      assert.equal(again.status, 400, 'the challenge went with the first answer');
    }
  });

  it('a user the policy requires to set up 2FA can make a passkey their first method', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock, { webauthn: WEBAUTHN, policy: () => 'required' });
    const agent = request.agent(app);
    const login = await logIn(agent, 'alice');
    assert.equal(login.status, 401);
    assert.equal((await agent.get('/api/me').set('Accept', 'application/json')).status, 401, 'held back until a method is set up');
    const added = await addPasskey(agent, new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }));
    assert.equal(added.body.recoveryCodes.length, 10);
    const me = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'hwk']);
  });

  it('renames a passkey; a bad name is a 400', async () => {
    const { first, methodId } = await aliceWithPasskey();
    const renamed = await first.patch(`/2fa/methods/${methodId}`).set('Accept', 'application/json').send({ name: '  This   iPhone ' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.method.label, 'This iPhone');
    for (const name of ['', 'x'.repeat(65), 'a\u0000b', 42]) {
      const bad = await first.patch(`/2fa/methods/${methodId}`).set('Accept', 'application/json').send({ name });
      assert.equal(bad.status, 400, JSON.stringify(name));
    }
  });

  it('without the webauthn option there is no passkey method', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const refused = await json(agent, '/2fa/methods', { type: 'webauthn' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'method_not_allowed');
  });
});

describe('passkeys: signing in', () => {
  it('signs in with the passkey: amr pwd + hwk, counter stored', async () => {
    const { agent, key, store } = await aliceWithPasskey();
    const options = await optionsFor(agent);
    assert.deepEqual(options.allowCredentials.map((c) => c.id), [key.id]);
    const verified = await json(agent, '/2fa/verify', { credential: key.assert(options) });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const me = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.session.amr, ['pwd', 'hwk']);
    const stored = (await enrolmentOf(store, 'u-alice'))!.methods.find((m) => m.type === 'webauthn')!;
    assert.equal(stored.webauthn!.counter, key.counter);
  });

  it('a form post (credential as a JSON string field) works too', async () => {
    const { agent, key } = await aliceWithPasskey();
    const options = await optionsFor(agent);
    const verified = await agent.post('/2fa/verify').type('form').send({ credential: JSON.stringify(key.assert(options)) });
    assert.equal(verified.status, 303);
  });

  it('a replayed assertion is refused and counted', async () => {
    const { app, agent, key, store, clock } = await aliceWithPasskey();
    const answer = key.assert(await optionsFor(agent));
    assert.equal((await json(agent, '/2fa/verify', { credential: answer })).status, 200);
    const other = await pendingSession(app);
    await optionsFor(other);
    const replayed = await json(other, '/2fa/verify', { credential: answer });
    assert.equal(replayed.status, 401);
    assert.equal(replayed.body.error, 'invalid_code');
    assert.equal(replayed.body.attemptsLeft, 4);
    // And with no challenge outstanding at all.
    const again = await json(other, '/2fa/verify', { credential: answer });
    assert.equal(again.status, 401);
    assert.equal(await failures(store, 'u-alice', clock.now()), 2);
  });

  it("another user's passkey is refused and counted", async () => {
    const { app, agent, store, clock } = await aliceWithPasskey();
    const bobsKey = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    const bob = request.agent(app);
    await logIn(bob, 'bob');
    await addPasskey(bob, bobsKey);
    const refused = await json(agent, '/2fa/verify', { credential: bobsKey.assert(await optionsFor(agent)) });
    assert.equal(refused.status, 401);
    assert.equal(await failures(store, 'u-alice', clock.now()), 1);
  });

  it("an answer to another session's challenge is refused", async () => {
    const { app, agent, key } = await aliceWithPasskey();
    const other = await pendingSession(app);
    const othersOptions = await optionsFor(other);
    await optionsFor(agent);
    const refused = await json(agent, '/2fa/verify', { credential: key.assert(othersOptions) });
    assert.equal(refused.status, 401);
  });

  for (const [what, overrides] of [
    ['a wrong origin', { origin: 'https://clinic-example.evil' }],
    ['a wrong rpID', { rpID: 'evil.example' }],
    ['a get answer of the wrong type', { type: 'webauthn.create' }],
  ] as const) {
    it(`${what} is refused and counted`, async () => {
      const { agent, key, store, clock } = await aliceWithPasskey();
      const refused = await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent), overrides) });
      assert.equal(refused.status, 401);
      assert.equal(await failures(store, 'u-alice', clock.now()), 1);
      assert.equal((await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent)) })).status, 200);
    });
  }

  it('a counter that goes backwards is refused and counted; the stored counter stays', async () => {
    const { agent, app, key, store, clock } = await aliceWithPasskey();
    assert.equal((await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent)) })).status, 200);
    assert.equal((await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent)) })).status, 401, 'already verified');
    const other = await pendingSession(app);
    const stale = await json(other, '/2fa/verify', { credential: key.assert(await optionsFor(other), { counter: 1 }) });
    assert.equal(stale.status, 401);
    assert.equal(await failures(store, 'u-alice', clock.now()), 1);
    assert.equal((await enrolmentOf(store, 'u-alice'))!.methods.find((m) => m.type === 'webauthn')!.webauthn!.counter, 1);
  });

  it('a cloned key: two answers with the same counter from two sessions at once, exactly one succeeds', async () => {
    const { app, agent, key } = await aliceWithPasskey();
    const other = await pendingSession(app);
    const [mine, theirs] = [await optionsFor(agent), await optionsFor(other)];
    const counter = key.counter + 1;
    const results = await Promise.all([
      json(agent, '/2fa/verify', { credential: key.assert(mine, { counter }) }),
      json(other, '/2fa/verify', { credential: key.assert(theirs, { counter }) }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 401]);
  });

  it('an authenticator without a counter (always 0) keeps working', async () => {
    const { agent, app, key } = await aliceWithPasskey({ keepsCounter: false });
    assert.equal((await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent)) })).status, 200);
    const other = await pendingSession(app);
    assert.equal((await json(other, '/2fa/verify', { credential: key.assert(await optionsFor(other)) })).status, 200);
  });

  it('an expired challenge (over 300 s) is refused and counted', async () => {
    const { agent, key, clock, store } = await aliceWithPasskey();
    const options = await optionsFor(agent);
    clock.advanceSeconds(301);
    const late = await json(agent, '/2fa/verify', { credential: key.assert(options) });
    assert.equal(late.status, 401);
    assert.equal(await failures(store, 'u-alice', clock.now()), 1);
  });

  it('of two concurrent uses of one challenge, exactly one succeeds', async () => {
    const { agent, key } = await aliceWithPasskey();
    const options = await optionsFor(agent);
    const answer = key.assert(options);
    const results = await Promise.all([json(agent, '/2fa/verify', { credential: answer }), json(agent, '/2fa/verify', { credential: answer })]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 401]);
  });

  it('malformed answers are 400s that count nothing and spend no challenge', async () => {
    const { agent, key, store, clock } = await aliceWithPasskey();
    const options = await optionsFor(agent);
    const good = key.assert(options);
    const bad: unknown[] = [
      'not json', '{"id":1}', [good], 42, {},
      { ...good, type: 'password' },
      { ...good, id: 'has spaces' },
      { ...good, response: 'x' },
      { ...good, response: { ...good.response, signature: 7 } },
      { ...good, response: { ...good.response, clientDataJSON: 'not+base64/url!' } },
    ];
    for (const credential of bad) {
      const refused = await json(agent, '/2fa/verify', { credential });
      assert.equal(refused.status, 400, JSON.stringify(credential).slice(0, 80));
    }
    assert.equal((await json(agent, '/2fa/verify', { credential: good, code: '123456' })).status, 400);
    assert.equal(await failures(store, 'u-alice', clock.now()), 0);
    assert.equal((await json(agent, '/2fa/verify', { credential: good })).status, 200);
  });

  it('failed assertions lock the second step like wrong codes; locked answers are not compared', async () => {
    const { agent, key } = await aliceWithPasskey();
    for (let i = 0; i < 4; i++) {
      const refused = await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent), { origin: 'https://evil.example' }) });
      assert.equal(refused.body.attemptsLeft, 4 - i);
    }
    const fifth = await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent), { origin: 'https://evil.example' }) });
    assert.equal(fifth.status, 401);
    assert.ok(fifth.body.lockedUntil);
    const locked = await json(agent, '/2fa/verify', { credential: key.assert(await optionsFor(agent)) });
    assert.equal(locked.status, 429);
  });

  it('the Passport strategy accepts a passkey answer too', async () => {
    const { agent, key } = await aliceWithPasskey();
    const verified = await json(agent, '/2fa/passport', { credential: key.assert(await optionsFor(agent)) });
    assert.equal(verified.status, 200);
    assert.deepEqual(verified.body.twoStep.amr, ['pwd', 'hwk']);
  });
});

describe('passkeys: step-up', () => {
  it('require({ phishingResistant }) refuses a code-verified session and passes after a passkey re-verification', async () => {
    const env = setup();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, env.clock);
    const refused = await agent.get('/transfer').set('Accept', 'application/json');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.phishingResistant, true);
    await addPasskey(agent, key);
    assert.equal((await agent.get('/transfer').set('Accept', 'application/json')).status, 200, 'adding the passkey proved it');
    env.clock.advanceSeconds(301);
    assert.equal((await agent.get('/transfer').set('Accept', 'application/json')).status, 403);
    const reverified = await json(agent, '/2fa/reverify', { credential: key.assert(await optionsFor(agent)) });
    assert.equal(reverified.status, 200, JSON.stringify(reverified.body));
    assert.equal((await agent.get('/transfer').set('Accept', 'application/json')).status, 200);
  });

  it('a browser is sent to the re-verification page asking for the passkey', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, env.clock);
    const redirect = await agent.get('/transfer').set('Accept', 'text/html');
    assert.equal(redirect.status, 303);
    assert.match(redirect.headers.location!, /^\/2fa\/reverify\?passkey=1&returnTo=%2Ftransfer$/);
  });

  it('phishingResistant without the webauthn option is a configuration error', () => {
    const { twoStep } = makeTestApp(memoryStore(), manualClock());
    assert.throws(() => twoStep.require({ maxAgeSeconds: 60, phishingResistant: true }), /webauthn/);
  });
});

describe('passkeys: passkey sign-in without a password (passkeyLogin)', () => {
  function passkeyApp() {
    const clock = manualClock();
    const ids = new Map([['u-alice', { id: 'u-alice', username: 'alice', password: 'alice-pass', role: 'staff' }]]);
    const made = makeTestApp(memoryStore(), clock, {
      webauthn: WEBAUTHN,
      users: { id: (u) => u.id, label: (u) => u.username, load: (id) => ids.get(id) },
    });
    made.app.use('/login/passkey', made.twoStep.passkeyLogin());
    return { clock, ...made };
  }

  it('signs in with a discoverable passkey: amr hwk + user, through Passport', async () => {
    const { app } = passkeyApp();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    const first = request.agent(app);
    await logIn(first, 'alice');
    await addPasskey(first, key);
    const visitor = request.agent(app);
    const options = await json(visitor, '/login/passkey/options');
    assert.equal(options.status, 200);
    assert.equal(options.body.options.userVerification, 'required');
    assert.equal(options.body.options.allowCredentials, undefined);
    const signedIn = await json(visitor, '/login/passkey', { credential: key.assert(options.body.options) });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    const me = await visitor.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.body.id, 'u-alice');
    assert.deepEqual(me.body.session.amr, ['hwk', 'user']);
  });

  it('sign out everywhere ends a passkey sign-in too', async () => {
    const { app, twoStep, clock } = passkeyApp();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    const first = request.agent(app);
    await logIn(first, 'alice');
    await addPasskey(first, key);
    const visitor = request.agent(app);
    assert.equal((await json(visitor, '/login/passkey', { credential: key.assert((await json(visitor, '/login/passkey/options')).body.options) })).status, 200);
    assert.equal((await visitor.get('/api/me').set('Accept', 'application/json')).status, 200);
    clock.advanceSeconds(1);
    await twoStep.revokeSessions('u-alice', { reason: 'test' });
    assert.equal((await visitor.get('/api/me').set('Accept', 'application/json')).status, 401);
  });

  it('refuses an answer without user verification, and a replay; each counts', async () => {
    const { app, twoStep, clock } = passkeyApp();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    const first = request.agent(app);
    await logIn(first, 'alice');
    await addPasskey(first, key);
    const visitor = request.agent(app);
    const noUv = await json(visitor, '/login/passkey', { credential: key.assert((await json(visitor, '/login/passkey/options')).body.options, { userVerified: false }) });
    assert.equal(noUv.status, 401);
    const answer = key.assert((await json(visitor, '/login/passkey/options')).body.options);
    assert.equal((await json(visitor, '/login/passkey', { credential: answer })).status, 200);
    const thief = request.agent(app);
    await json(thief, '/login/passkey/options');
    assert.equal((await json(thief, '/login/passkey', { credential: answer })).status, 401);
    // The success in between forgave the first failure, as an accepted code does.
    assert.equal((await twoStep.store.getLockState('u-alice', clock.now())).failures, 1);
  });

  it('a passkey from another site or a made-up user handle signs nobody in', async () => {
    const { app } = passkeyApp();
    const stranger = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    stranger.userHandle = Buffer.from('u-alice').toString('base64url');
    const visitor = request.agent(app);
    const refused = await json(visitor, '/login/passkey', { credential: stranger.assert((await json(visitor, '/login/passkey/options')).body.options) });
    assert.equal(refused.status, 401);
    assert.equal((await visitor.get('/api/me').set('Accept', 'application/json')).status, 401);
  });

  it('needs webauthn and users.load', () => {
    const { twoStep } = makeTestApp(memoryStore(), manualClock(), { webauthn: WEBAUTHN });
    assert.throws(() => twoStep.passkeyLogin(), /users\.load/);
  });
});

describe('passkeys: pages', () => {
  it('the challenge page offers the passkey first (hidden until the script finds WebAuthn), says why without script, and keeps the other methods', async () => {
    const env = setup();
    const first = request.agent(env.app);
    await logIn(first, 'alice');
    await enrolTotp(first, env.clock);
    await addPasskey(first, new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }), 'YubiKey <5>');
    const agent = await pendingSession(env.app);
    const page = await agent.get('/2fa/verify').set('Accept', 'text/html');
    assert.equal(page.status, 200);
    assert.match(page.text, /<button type="button" data-webauthn="get" data-options="\/2fa\/webauthn\/options"[^>]* hidden>Use your passkey or security key<\/button>/);
    assert.match(page.text, /<noscript><p class="muted">Passkeys and security keys need JavaScript/);
    assert.match(page.text, /data-webauthn-unsupported hidden>This browser cannot use passkeys/);
    assert.match(page.text, /name="code"/, 'the app code stays on the page');
    assert.ok(page.text.indexOf('data-webauthn="get"') < page.text.indexOf('name="code"'), 'the passkey comes first');
    assert.doesNotMatch(page.text, /value="[^"]*" checked> Passkey/, 'a passkey is not among the code methods');
    const settings = await first.get('/2fa').set('Accept', 'text/html');
    assert.match(settings.text, /Passkey: YubiKey &lt;5&gt;/);
    assert.match(settings.text, /action="\/2fa\/methods\/[^"]+\/rename"/);
  });

  it('a browser adding a passkey gets the setup page; a refused answer shows it again with the reason', async () => {
    const env = setup();
    const agent = request.agent(env.app);
    await logIn(agent, 'alice');
    const started = await agent.post('/2fa/methods').type('form').send({ type: 'webauthn' });
    assert.equal(started.status, 303);
    const page = await agent.get(started.headers.location!).set('Accept', 'text/html');
    assert.match(page.text, /<h1>Add a passkey or security key<\/h1>/);
    assert.match(page.text, /data-webauthn="create" data-options="\/2fa\/methods\/[^/]+\/options"/);
    const methodId = started.headers.location!.split('/').pop();
    const refused = await agent.post(`/2fa/methods/${methodId}/confirm`).type('form').send({ credential: JSON.stringify(new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID }).register({ challenge: 'AAAA' })) });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /<h1>Add a passkey or security key<\/h1>/);
    assert.match(refused.text, /role="alert"/);
  });

  it('step-up asking for a passkey shows only the passkey', async () => {
    const { first } = await aliceWithPasskey();
    const page = await first.get('/2fa/reverify?passkey=1').set('Accept', 'text/html');
    assert.match(page.text, /This page needs your passkey or security key/);
    assert.doesNotMatch(page.text, /name="code"/);
    assert.match(page.text, /name="passkey" value="1"/);
  });
});
