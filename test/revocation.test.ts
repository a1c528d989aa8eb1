/**
 * Sign out everywhere in one process (memoryStore): the contract every store keeps.
 * Real Express + express-session + Passport, driven by supertest agents.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express, { type Request, type Response } from 'express';
import request from 'supertest';
import { memoryStore, type TwoStepEvents } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolledUser } from './support/enrolled-user.js';
import { logIn, makeTestApp, manualClock, type Agent } from './support/test-app.js';

const JSON_TYPE = 'application/json';

async function signedIn(app: express.Express, username: string): Promise<Agent> {
  const agent = request.agent(app);
  const login = await logIn(agent, username);
  assert.equal(login.status, 200, `${username} signs in: ${JSON.stringify(login.body)}`);
  assert.equal((await agent.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
  return agent;
}

/** Alice with an authenticator app, verified in two browsers (`first` set it up, `second` signed in with a code). */
async function aliceInTwoBrowsers() {
  const env = await enrolledUser();
  const second = request.agent(env.app);
  await logIn(second, 'alice');
  const verified = await second.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret: env.secret, nowMs: env.clock.now() }) });
  assert.equal(verified.status, 200);
  return { ...env, second };
}

async function assertRevoked(agent: Agent, what: string): Promise<void> {
  const api = await agent.get('/api/me').set('Accept', JSON_TYPE);
  assert.equal(api.status, 401, what);
  assert.equal(api.body.error, 'session_revoked', what);
  // The session data is gone: the next request is simply anonymous (the app's own 401).
  const after = await agent.get('/api/me').set('Accept', JSON_TYPE);
  assert.deepEqual([after.status, after.body.error], [401, 'unauthenticated'], `${what}: session destroyed`);
}

describe('revokeSessions (memory store, one process)', () => {
  it('ends every session of the user: APIs get 401 session_revoked, pages go to loginPath; others and new sign-ins work', async () => {
    const clock = manualClock();
    const { app, twoStep } = makeTestApp(memoryStore(), clock);
    const [api, page, bob] = [await signedIn(app, 'alice'), await signedIn(app, 'alice'), await signedIn(app, 'bob')];
    const events: Array<TwoStepEvents['sessions.revoked']> = [];
    twoStep.on('sessions.revoked', (event) => void events.push(event));

    const { revokedAt } = await twoStep.revokeSessions('u-alice', { reason: 'stolen-laptop', ip: '10.0.0.9' });
    assert.equal(revokedAt, clock.now());
    assert.deepEqual(events, [{ userId: 'u-alice', ip: '10.0.0.9', at: revokedAt, outcome: 'info', reason: 'stolen-laptop', keptCurrent: false }]);

    await assertRevoked(api, 'API');
    const navigation = await page.get('/').set('Accept', 'text/html');
    assert.equal(navigation.status, 303);
    assert.equal(navigation.headers.location, '/login');
    assert.equal((await page.get('/api/me').set('Accept', JSON_TYPE)).body.error, 'unauthenticated');
    assert.equal((await bob.get('/api/me').set('Accept', JSON_TYPE)).status, 200, 'other users keep their sessions');

    // A browser that posts the login form with its revoked cookie simply signs in again.
    const stale = await signedIn(app, 'bob');
    await twoStep.revokeSessions('u-bob', { reason: 'test' });
    assert.equal((await logIn(stale, 'bob')).status, 200);
    assert.equal((await stale.get('/api/me').set('Accept', JSON_TYPE)).status, 200);

    // Same millisecond as the revocation (the clock has not moved): a new sign-in still works.
    const again = await signedIn(app, 'alice');
    assert.equal((await again.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
    // …and a second revocation in that same millisecond still ends it.
    await twoStep.revokeSessions('u-alice', { reason: 'again' });
    await assertRevoked(again, 'revoked twice in one millisecond');
  });

  it('checks its arguments with messages that say what to pass', async () => {
    const { twoStep } = makeTestApp(memoryStore(), manualClock());
    await assert.rejects(twoStep.revokeSessions('', { reason: 'x' }), /userId must be/);
    await assert.rejects(twoStep.revokeSessions('u-alice', {} as never), /pass \{ reason \}/);
    await assert.rejects(twoStep.revokeSessions('u-alice', { reason: 'x', exceptSessionId: 42 as never }), /exceptSessionId/);
  });

  it('admin.reset ends every session of the user, the admin\'s request has nothing to keep', async () => {
    const { twoStep, first, second } = await aliceInTwoBrowsers();
    await twoStep.admin.reset('u-alice');
    await assertRevoked(first, 'the browser that set up the app');
    await assertRevoked(second, 'the browser that signed in with a code');
  });

  it('"Sign out all other sessions" keeps this one (and its later requests), ends the others', async () => {
    const { first, second, app } = await aliceInTwoBrowsers();
    const settings = await first.get('/2fa').set('Accept', 'text/html');
    assert.match(settings.text, /<form method="post" action="\/2fa\/sessions\/revoke-others">/);
    assert.match(settings.text, /Sign out all other sessions/);
    const csrf = /name="_twostep_csrf" value="([^"]+)"/.exec(settings.text)![1]!;
    const form = await first.post('/2fa/sessions/revoke-others').type('form').send({ _twostep_csrf: csrf });
    assert.equal(form.status, 303);
    assert.equal(form.headers.location, '/2fa?signedOutOthers=1');
    assert.match((await first.get(form.headers.location).set('Accept', 'text/html')).text, /Every other session has been signed out/);
    for (let i = 0; i < 3; i += 1) assert.equal((await first.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
    await assertRevoked(second, 'the other browser');
    // The JSON form of the same route.
    const bob = await signedIn(app, 'bob');
    const bobElsewhere = await signedIn(app, 'bob');
    const json = await bob.post('/2fa/sessions/revoke-others').set('Accept', JSON_TYPE).send({});
    assert.equal(json.status, 200);
    assert.equal(json.body.revoked, true);
    assert.equal((await bob.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
    await assertRevoked(bobElsewhere, 'bob elsewhere');
  });

  it('an exception never saves a session an earlier revocation had ended', async () => {
    const { app, twoStep, clock, first, second } = await aliceInTwoBrowsers();
    app.get('/session-id', (req: Request, res: Response) => res.json({ sid: req.sessionID }));
    const secondId = (await second.get('/session-id')).body.sid as string;
    // The admin ends everything; a moment later (before `second` is seen again) the app
    // revokes "all but second": `second` was already ended and stays ended.
    await twoStep.revokeSessions('u-alice', { reason: 'admin.reset' });
    clock.advanceSeconds(1);
    await twoStep.revokeSessions('u-alice', { reason: 'x', exceptSessionId: secondId });
    await assertRevoked(first, 'first');
    await assertRevoked(second, 'second');
  });

  it('passwordChanged ends every session, or all but the one named by exceptSessionId, and forgets devices', async () => {
    const { app, twoStep, first, second } = await aliceInTwoBrowsers();
    app.post('/change-password', async (req: Request, res: Response) => {
      const forgotten = await twoStep.passwordChanged('u-alice', { exceptSessionId: req.sessionID, ip: req.ip });
      res.json({ forgotten });
    });
    const changed = await first.post('/change-password').set('Accept', JSON_TYPE).send({});
    assert.deepEqual([changed.status, changed.body], [200, { forgotten: 0 }]);
    assert.equal((await first.get('/api/me').set('Accept', JSON_TYPE)).status, 200, 'the session that changed it stays');
    await assertRevoked(second, 'the other session');
    await twoStep.passwordChanged('u-alice');
    await assertRevoked(first, 'without exceptSessionId, every session ends');
  });

  it('turning 2FA off and removing a method end the other sessions, not this one', async () => {
    for (const change of ['disable', 'remove'] as const) {
      const { first, second, methodId } = await aliceInTwoBrowsers();
      const res = change === 'disable'
        ? await second.post('/2fa/disable').set('Accept', JSON_TYPE).send({})
        : await second.delete(`/2fa/methods/${methodId}`).set('Accept', JSON_TYPE);
      assert.equal(res.status, 200, `${change}: ${JSON.stringify(res.body)}`);
      assert.equal((await second.get('/api/me').set('Accept', JSON_TYPE)).status, 200, `${change}: this session stays`);
      await assertRevoked(first, `${change}: the other session`);
    }
  });

  it('a sign-in waiting for its second factor when the password changed ends too; one begun afterwards works', async () => {
    const { app, twoStep, clock, secret } = await enrolledUser();
    const waiting = request.agent(app);
    assert.equal((await logIn(waiting, 'alice')).status, 401);
    clock.advanceSeconds(1);
    await twoStep.passwordChanged('u-alice');
    const res = await waiting.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.deepEqual([res.status, res.body.error], [401, 'session_revoked']);
    // Begun in the same millisecond as the revocation, after it: works.
    const fresh = request.agent(app);
    assert.equal((await logIn(fresh, 'alice')).status, 401);
    const ok = await fresh.post('/2fa/verify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(ok.status, 200);
    assert.equal((await fresh.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
  });

  it('cancelling an unfinished setup signs no one out', async () => {
    const { first, second } = await aliceInTwoBrowsers();
    const started = await second.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'totp' });
    assert.equal(started.status, 201);
    assert.equal((await second.delete(`/2fa/methods/${started.body.id}`).set('Accept', JSON_TYPE)).status, 200);
    assert.equal((await first.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
  });

  it('refuses a session older than sessionMaxAgeSeconds with 401 session_expired', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock, { sessionMaxAgeSeconds: 3600 });
    const alice = await signedIn(app, 'alice');
    clock.advanceSeconds(3599);
    assert.equal((await alice.get('/api/me').set('Accept', JSON_TYPE)).status, 200);
    clock.advanceSeconds(2);
    const res = await alice.get('/api/me').set('Accept', JSON_TYPE);
    assert.deepEqual([res.status, res.body.error], [401, 'session_expired']);
    assert.equal((await alice.get('/api/me').set('Accept', JSON_TYPE)).body.error, 'unauthenticated');
  });
});
