/** `twoStep.passkeyLogin()`: a discoverable passkey with user verification signs in without a password. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { internalsOf } from '../src/testing/index.js';
import { SoftAuthenticator } from './support/soft-authenticator.ts';
import { logIn, makeTestApp, manualClock } from './support/test-app.js';
import { addPasskey, json, ORIGIN, RP_ID, WEBAUTHN } from './support/passkey-app.ts';

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

  it('refuses an answer without user verification (the key holder\'s attempt: counted for the user) and a replay (not the user\'s: not counted for her)', async () => {
    const { app, twoStep, clock } = passkeyApp();
    const key = new SoftAuthenticator({ origin: ORIGIN, rpID: RP_ID });
    const first = request.agent(app);
    await logIn(first, 'alice');
    await addPasskey(first, key);
    const visitor = request.agent(app);
    const noUv = await json(visitor, '/login/passkey', { credential: key.assert((await json(visitor, '/login/passkey/options')).body.options, { userVerified: false }) });
    assert.equal(noUv.status, 401);
    assert.equal(noUv.body.attemptsLeft, 4, 'a valid signature of her key: her own mistake, her own count');
    assert.equal((await internalsOf(twoStep).store.getLockState('u-alice', clock.now())).failures, 1);
    const answer = key.assert((await json(visitor, '/login/passkey/options')).body.options);
    assert.equal((await json(visitor, '/login/passkey', { credential: answer })).status, 200);
    const thief = request.agent(app);
    await json(thief, '/login/passkey/options');
    const replay = await json(thief, '/login/passkey', { credential: answer });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.attemptsLeft, undefined);
    // The success forgave the first failure, as an accepted code does; the replay's challenge
    // is spent, so it proves nothing about who sent it and is counted per address only.
    assert.equal((await internalsOf(twoStep).store.getLockState('u-alice', clock.now())).failures, 0);
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
