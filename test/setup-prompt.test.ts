import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore, type TwoStepOptions } from '../src/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent, type TestUser } from './support/test-app.js';
import { enrolmentOf } from './support/enrolment-reads.ts';
import { countingStore } from './support/counting-store.ts';

// alice is staff (required), carol is exempt (SSO), bob is an optional parent.
const policy = (user: TestUser) => (user.role === 'staff' ? 'required' : user.username === 'carol' ? 'exempt' : 'optional');

function setup(extra: Partial<TwoStepOptions<TestUser>> = {}) {
  const clock = manualClock();
  const store = memoryStore();
  const { app } = makeTestApp(store, clock, { policy, ...extra });
  return { clock, store, app };
}

const page = (agent: Agent, path: string) => agent.get(path).set('Accept', 'text/html');

/** Logs in with JSON and opens the first page, as a browser would after the login redirect. */
async function firstPage(agent: Agent, username: string, path = '/'): Promise<request.Response> {
  assert.equal((await logIn(agent, username)).status, 200);
  return page(agent, path);
}

describe('setup prompt for an optional user without 2FA', () => {
  it('redirects the first page once to the prompt, which offers the three choices', async () => {
    const { app } = setup();
    const agent = request.agent(app);
    const first = await firstPage(agent, 'bob', '/reports?id=1');
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, `/2fa/prompt?returnTo=${encodeURIComponent('/reports?id=1')}`);
    const prompt = await page(agent, first.headers.location!);
    assert.equal(prompt.status, 200);
    // Continue carries the page being opened, where setup ends.
    assert.match(prompt.text, /<form method="get" action="\/2fa\/setup"><input type="hidden" name="returnTo" value="[^"]+"><button type="submit">Continue/);
    assert.match(prompt.text, /action="\/2fa\/skip">\n<input type="hidden" name="_twostep_csrf" value="[\w-]+"><input type="hidden" name="returnTo" value="\/reports\?id=1"><button type="submit"[^>]*>Skip/);
    assert.match(prompt.text, /name="dontShowAgain" value="true"><button type="submit"[^>]*>Don&#39;t show this again/);
    // An offer, not a requirement: the session is verified and the next page opens.
    assert.equal((await page(agent, '/')).text, 'Welcome bob');
    const me = await agent.get('/api/me');
    assert.deepEqual(me.body.session.amr, ['pwd']);
  });

  it('Continue leads to the method picker where setup starts', async () => {
    const { app } = setup();
    const agent = request.agent(app);
    await firstPage(agent, 'bob');
    const picker = await page(agent, '/2fa/setup');
    assert.equal(picker.status, 200);
    assert.match(picker.text, /Use an authenticator app/);
    assert.doesNotMatch(picker.text, /requires two-step verification/, 'an optional user is not told it is required');
  });

  it('Skip returns to the page asked for, and the prompt comes back at the next sign-in', async () => {
    const { app, store } = setup();
    const agent = request.agent(app);
    await firstPage(agent, 'bob', '/reports');
    const skipped = await agent.post('/2fa/skip').type('form').send({ returnTo: '/reports' });
    assert.equal(skipped.status, 303);
    assert.equal(skipped.headers.location, '/reports');
    assert.equal((await page(agent, '/')).status, 200);
    assert.equal((await enrolmentOf(store, 'u-bob'))?.promptDismissed, undefined);

    await agent.post('/logout');
    assert.equal((await firstPage(agent, 'bob')).headers.location, '/2fa/prompt?returnTo=%2F');
  });

  it("Don't show again is remembered in the store and the prompt never comes back", async () => {
    const { app, store } = setup();
    const agent = request.agent(app);
    await firstPage(agent, 'bob');
    const skipped = await agent.post('/2fa/skip').set('Accept', 'application/json').send({ dontShowAgain: true });
    assert.equal(skipped.status, 200);
    assert.deepEqual(skipped.body, { skipped: true });
    assert.equal((await enrolmentOf(store, 'u-bob'))?.promptDismissed, true);

    // A fresh browser, another sign-in: straight through.
    const other = request.agent(app);
    const first = await firstPage(other, 'bob');
    assert.equal(first.status, 200);
    assert.equal(first.text, 'Welcome bob');
    assert.equal((await other.get('/2fa/status')).body.promptSetup, false);
  });

  it('never prompts exempt or required users, nor users with 2FA on', async () => {
    const { app, clock } = setup();
    const carol = request.agent(app);
    assert.equal((await firstPage(carol, 'carol')).text, 'Welcome carol');

    const alice = request.agent(app);
    assert.equal((await logIn(alice, 'alice')).status, 401);
    assert.equal((await page(alice, '/')).headers.location, '/2fa/setup', 'required: forced setup, not the optional prompt');

    const bob = request.agent(app);
    await firstPage(bob, 'bob');
    await enrolTotp(bob, clock);
    clock.advanceSeconds(60);
    const again = request.agent(app);
    assert.equal((await logIn(again, 'bob')).status, 401, 'with 2FA on, bob is challenged, not prompted');
  });

  it('is off with setupPrompt: false', async () => {
    const { app } = setup({ setupPrompt: false });
    const agent = request.agent(app);
    assert.equal((await firstPage(agent, 'bob')).text, 'Welcome bob');
  });

  it('does not redirect images, scripts or API calls, and leaves the offer for the next page', async () => {
    const { app } = setup();
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    assert.equal((await agent.get('/api/me').set('Accept', 'application/json')).status, 200);
    assert.equal((await agent.get('/public').set('Accept', 'image/avif,image/webp,*/*')).status, 200);
    assert.equal((await page(agent, '/public').set('Sec-Fetch-Dest', 'iframe')).status, 200);
    assert.equal((await page(agent, '/')).status, 303);
  });
});

describe('the fast path stays free of store calls', () => {
  it('showing the prompt and the pages after it read nothing from the store', async () => {
    const clock = manualClock();
    const { store, calls, reset } = countingStore();
    const { app } = makeTestApp(store, clock, { policy });
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    reset();
    assert.equal((await page(agent, '/')).status, 303);
    assert.equal((await page(agent, '/')).status, 200);
    assert.equal((await agent.get('/api/me')).status, 200);
    assert.equal(calls(), 0);
  });
});

describe('setup prompt for API clients', () => {
  it('answers the JSON login as before and shows promptSetup in status until skipped', async () => {
    const { app } = setup();
    const agent = request.agent(app);
    const login = await logIn(agent, 'bob');
    assert.equal(login.status, 200);
    assert.deepEqual(login.body, { loggedIn: true });
    const status = await agent.get('/2fa/status');
    assert.equal(status.body.state, 'verified');
    assert.equal(status.body.promptSetup, true);
    assert.equal((await agent.post('/2fa/skip').set('Accept', 'application/json').send({})).status, 200);
    assert.equal((await agent.get('/2fa/status')).body.promptSetup, false);
  });

  it('drops the offer once the user sets up a method before opening a page', async () => {
    const { app, clock } = setup();
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    await enrolTotp(agent, clock);
    assert.equal((await agent.get('/2fa/status')).body.promptSetup, false);
    assert.equal((await page(agent, '/')).text, 'Welcome bob');
  });

  it('is false for exempt and required users', async () => {
    const { app, clock } = setup();
    const carol = request.agent(app);
    await logIn(carol, 'carol');
    assert.equal((await carol.get('/2fa/status')).body.promptSetup, false);
    const alice = request.agent(app);
    await logIn(alice, 'alice');
    await enrolTotp(alice, clock);
    assert.equal((await alice.get('/2fa/status')).body.promptSetup, false);
  });
});

describe('POST /2fa/skip refuses', () => {
  it('a required user with 403 required_by_policy, and records nothing', async () => {
    const { app, clock, store } = setup();
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    await enrolTotp(agent, clock);
    const res = await agent.post('/2fa/skip').set('Accept', 'application/json').send({ dontShowAgain: true });
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'required_by_policy');
    assert.equal((await enrolmentOf(store, 'u-alice'))?.promptDismissed, undefined);
  });

  it('an anonymous request with 401', async () => {
    const { app } = setup();
    const res = await request(app).post('/2fa/skip').set('Accept', 'application/json').send({ dontShowAgain: true });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'not_signed_in');
    const pagePrompt = await request(app).get('/2fa/prompt').set('Accept', 'application/json');
    assert.equal(pagePrompt.status, 401);
  });

  it('a bad dontShowAgain with 400, persisting nothing and keeping the offer', async () => {
    const { app, store } = setup();
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    for (const bad of ['yes', 2, ['true'], { a: 1 }, null]) {
      const res = await agent.post('/2fa/skip').set('Accept', 'application/json').send({ dontShowAgain: bad });
      assert.equal(res.status, 400, `dontShowAgain: ${JSON.stringify(bad)}`);
      assert.equal(res.body.error, 'invalid_request');
    }
    const notObject = await agent.post('/2fa/skip').set('Content-Type', 'application/json').send('"true"');
    assert.equal(notObject.status, 400);
    assert.equal(await enrolmentOf(store, 'u-bob'), null);
    assert.equal((await agent.get('/2fa/status')).body.promptSetup, true);
  });

  it('does not send Skip to another site', async () => {
    const { app } = setup();
    const agent = request.agent(app);
    await logIn(agent, 'bob');
    const res = await agent.post('/2fa/skip').type('form').send({ returnTo: '//evil.example/x' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/');
  });
});
