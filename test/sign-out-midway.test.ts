import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import type { Request, Response } from 'express';
import { createTwoStep, TwoStepConfigError } from '../src/index.js';
import { generateTotp, internalsOf } from '../src/testing/index.js';
import { enrolTotp, TEST_SECRET } from './support/test-app.js';
import { browserGet, browserPost, makeLoginApp, signIn, type Agent } from './support/login-app.js';

const toDashboard = (_req: Request, res: Response) => res.redirect('/dashboard');

/** alice has an authenticator app; a fresh browser has passed her password and waits at the challenge. */
async function alicePending(extra: Parameters<typeof makeLoginApp>[1] = {}) {
  const env = makeLoginApp(toDashboard, extra);
  const first = request.agent(env.app);
  await signIn(first, 'alice');
  const { secret } = await enrolTotp(first, env.clock);
  env.clock.advanceSeconds(60);
  const agent = request.agent(env.app);
  const started = await signIn(agent, 'alice');
  assert.equal(started.headers.location, '/2fa/verify');
  return { ...env, agent, secret };
}

async function stateOf(agent: Agent): Promise<string> {
  return (await agent.get('/2fa/status').set('Accept', 'application/json')).body.state;
}

describe('leaving a half-finished sign-in', () => {
  it('Sign out on the challenge page ends the session and goes back to the sign-in page', async () => {
    const { agent, secret, clock } = await alicePending();
    const challenge = await browserGet(agent, '/2fa/verify');
    assert.match(challenge.text, /<header class="app-bar"[^>]*><form method="post" action="\/2fa\/cancel" class="sign-out">\n<input type="hidden" name="_twostep_csrf" value="[\w-]{43}"><button type="submit" class="link">Sign out<\/button>/);
    assert.doesNotMatch(challenge.text, /Back to the site/, 'the app is out of reach halfway: no link that only bounces back');

    const out = await browserPost(agent, '/2fa/cancel');
    assert.equal(out.status, 303);
    assert.equal(out.headers.location, '/login');
    assert.equal(await stateOf(agent), 'anonymous');
    // The pending state went with the session: the right code no longer signs anyone in.
    const late = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(late.status, 401);
    assert.equal(late.body.error, 'not_signed_in');
    assert.equal((await agent.get('/whoami')).body.user, null);
  });

  it('answers an API client with JSON, and is refused from another site', async () => {
    const { agent, app } = await alicePending();
    const forged = await agent.post('/2fa/cancel').set('Origin', 'https://evil.example').set('Accept', 'application/json');
    assert.equal(forged.status, 403);
    assert.equal(await stateOf(agent), 'pending', 'a cross-site post signs nobody out');
    const out = await agent.post('/2fa/cancel').set('Accept', 'application/json');
    assert.equal(out.status, 200);
    assert.deepEqual(out.body, { signedOut: true, redirect: '/login' });
    assert.equal(await stateOf(agent), 'anonymous');
    // Without a session at all it is still a clean answer.
    const stranger = await request(app).post('/2fa/cancel').set('Accept', 'application/json');
    assert.deepEqual(stranger.body, { signedOut: true, redirect: '/login' });
  });

  it('forced setup pages offer Sign out too', async () => {
    const env = makeLoginApp(toDashboard, { policy: () => 'required' });
    const agent = request.agent(env.app);
    assert.equal((await signIn(agent, 'bob')).headers.location, '/2fa/setup');
    const picker = await browserGet(agent, '/2fa/setup');
    assert.match(picker.text, /action="\/2fa\/cancel"/);
    const started = await browserPost(agent, '/2fa/methods', { type: 'totp' });
    const setupPage = await browserGet(agent, started.headers.location!);
    assert.match(setupPage.text, /action="\/2fa\/cancel"/);
    assert.equal((await browserPost(agent, '/2fa/cancel')).headers.location, '/login');
    assert.equal(await stateOf(agent), 'anonymous');
  });

  it("the app's own POST /logout and GET /login work for a pending session (logoutPath, loginPath)", async () => {
    const { agent } = await alicePending();
    const loginPage = await browserGet(agent, '/login');
    assert.equal(loginPage.status, 200, 'the sign-in page opens instead of bouncing to the challenge');
    assert.equal(loginPage.text, 'the sign-in page', 'with req.user unset, as for anyone not signed in');
    assert.equal(await stateOf(agent), 'pending');
    const out = await browserPost(agent, '/logout');
    assert.equal(out.status, 302);
    assert.equal(out.headers.location, '/login');
    assert.equal(await stateOf(agent), 'anonymous');
  });

  it('other app routes stay held back: only the sign-in and sign-out routes are let through', async () => {
    const { agent } = await alicePending();
    assert.equal((await browserGet(agent, '/dashboard')).headers.location, '/2fa/verify');
    assert.equal((await browserPost(agent, '/login-elsewhere')).headers.location, '/2fa/verify');
    assert.equal((await browserGet(agent, '/logout/extra')).headers.location, '/2fa/verify');
    assert.equal((await agent.delete('/login').set('Accept', 'text/html')).headers.location, '/2fa/verify');
  });

  it('logoutPath: false lets no sign-out route through; a custom one is', async () => {
    const none = await alicePending({ logoutPath: false });
    assert.equal((await browserPost(none.agent, '/logout')).headers.location, '/2fa/verify');
    assert.equal(await stateOf(none.agent), 'pending');
    const custom = await alicePending({ logoutPath: '/sign-out' });
    assert.equal((await browserPost(custom.agent, '/logout')).headers.location, '/2fa/verify');
    assert.equal((await browserPost(custom.agent, '/sign-out')).status, 404, 'reached the app (which has no such route)');
  });

  it('signing in as someone else from a pending session starts over cleanly', async () => {
    const { agent, app, clock } = await alicePending();
    // alice's pending sign-in remembers the page she asked for...
    assert.equal((await browserGet(agent, '/reports')).headers.location, '/2fa/verify');
    // ...carol, with her own authenticator app, signs in on the same browser instead.
    const carolFirst = request.agent(app);
    await signIn(carolFirst, 'carol');
    const carol = await enrolTotp(carolFirst, clock);
    clock.advanceSeconds(60);
    assert.equal((await signIn(agent, 'carol')).headers.location, '/2fa/verify');
    const status = await agent.get('/2fa/status').set('Accept', 'application/json');
    assert.equal(status.body.state, 'pending');
    assert.deepEqual(status.body.methods.map((m: { id: string }) => m.id), [carol.methodId], "carol's challenge, not alice's");
    const verified = await browserPost(agent, '/2fa/verify', { code: generateTotp({ secret: carol.secret, nowMs: clock.now() }) });
    assert.equal(verified.headers.location, '/dashboard', "carol's destination, not the page alice asked for");
    assert.equal((await agent.get('/whoami')).body.user, 'u-carol');

    // And someone without 2FA (bob) gets in at once, with nothing of the pending user left.
    const again = await alicePending();
    assert.equal((await signIn(again.agent, 'bob')).headers.location, '/dashboard');
    const whoami = (await again.agent.get('/whoami')).body;
    assert.equal(whoami.user, 'u-bob');
    // The instants are the new sign-in's own (signedInAt: when bob's password signed him in, for twoStep.claims).
    assert.equal(typeof whoami.twoStep.signedInAt, 'number');
    assert.deepEqual({ ...whoami.twoStep, issuedAt: undefined, signedInAt: undefined }, { userId: 'u-bob', amr: ['pwd'], verifiedAt: null, issuedAt: undefined, signedInAt: undefined });
  });

  it('a verified page has "Back to {appName}" (homePath), and no Sign out', async () => {
    const env = makeLoginApp(toDashboard, { appName: 'Riverside Clinic', homePath: '/dashboard' });
    const agent = request.agent(env.app);
    await signIn(agent, 'bob');
    const settings = await browserGet(agent, '/2fa');
    assert.match(settings.text, /<header class="app-bar" aria-label="Account"><a href="\/dashboard">Back to Riverside Clinic<\/a><\/header>/);
    assert.doesNotMatch(settings.text, /\/2fa\/cancel/);
    const unnamed = makeLoginApp(toDashboard);
    const other = request.agent(unnamed.app);
    await signIn(other, 'bob');
    assert.match((await browserGet(other, '/2fa')).text, /<a href="\/">Back to the site<\/a>/, 'homePath defaults to successRedirect');
  });

  it('checks the new options at start-up', () => {
    const base = { secret: TEST_SECRET, users: { id: (u: { id: string }) => u.id } };
    assert.throws(() => createTwoStep({ ...base, logoutPath: 'logout' }), TwoStepConfigError);
    assert.throws(() => createTwoStep({ ...base, logoutPath: true as unknown as string }), TwoStepConfigError);
    assert.throws(() => createTwoStep({ ...base, homePath: '//evil.example' }), TwoStepConfigError);
    assert.throws(() => createTwoStep({ ...base, appName: '' }), /appName/);
    const resolved = internalsOf(createTwoStep(base)).options;
    assert.equal(resolved.logoutPath, '/logout');
    assert.equal(resolved.homePath, '/');
    assert.equal(internalsOf(createTwoStep({ ...base, successRedirect: '/home' })).options.homePath, '/home');
  });
});
