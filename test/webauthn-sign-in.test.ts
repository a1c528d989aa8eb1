/**
 * Signing in and stepping up with a passkey through the real routes, with a software
 * authenticator that signs for real. Every refused answer must be a 401 that counts in the
 * lockout shared with codes; every malformed one a 400 that counts nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { enrolTotp, logIn, makeTestApp, manualClock } from './support/test-app.js';
import { pendingSession } from './support/enrolled-user.js';
import { enrolmentOf } from './support/enrolment-reads.ts';
import { addPasskey, aliceWithPasskey, failures, json, optionsFor, ORIGIN, RP_ID, setup } from './support/passkey-app.ts';

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
