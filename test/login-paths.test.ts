/**
 * A login page and its form's POST at different paths (`GET /signin` posting to `/login`, as
 * Passport's own example app does with `/login` and `/login/password`): `loginPath` lists
 * both, and a user halfway through signing in can open the page and sign in as someone else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTwoStep, memoryStore } from '../src/index.js';
import { internalsOf } from '../src/testing/index.js';
import { enrolUser, logIn, makeTestApp, manualClock, TEST_SECRET, type TestUser } from './support/test-app.js';

const JSON_ACCEPT = 'application/json';

async function aliceHalfway(loginPath: string | string[]) {
  const clock = manualClock();
  const { app } = makeTestApp(memoryStore(), clock, { loginPath });
  app.get('/signin', (_req, res) => res.send('<form method="post" action="/login">sign-in page</form>'));
  await enrolUser(app, clock, 'alice');
  const agent = request.agent(app);
  assert.equal((await logIn(agent, 'alice')).status, 401, 'alice waits for her second factor');
  return { app, agent };
}

describe('loginPath with the page and the POST at different paths', () => {
  it('a pending user opens the page and signs in as someone else through the POST', async () => {
    const { agent } = await aliceHalfway(['/signin', '/login']);
    const page = await agent.get('/signin');
    assert.equal(page.status, 200);
    assert.match(page.text, /sign-in page/);
    const bob = await logIn(agent, 'bob');
    assert.equal(bob.status, 200, JSON.stringify(bob.body));
    const me = await agent.get('/api/me').set('Accept', JSON_ACCEPT);
    assert.equal(me.status, 200);
    assert.equal(me.body.id, 'u-bob');
  });

  it('with only the page listed, the POST elsewhere is held back (why both are needed)', async () => {
    const { agent } = await aliceHalfway('/signin');
    assert.equal((await agent.get('/signin')).status, 200);
    const bob = await logIn(agent, 'bob');
    assert.equal(bob.status, 401);
    assert.equal(bob.body.error, 'second_factor_required');
  });

  it('people are sent to the first path; bad lists are refused at start-up with the fix', async () => {
    const { agent } = await aliceHalfway(['/signin', '/login']);
    const cancel = await agent.post('/2fa/cancel').set('Accept', JSON_ACCEPT).send({});
    assert.equal(cancel.body.redirect, '/signin');
    const make = (loginPath: unknown) => () => createTwoStep<TestUser>({ secret: TEST_SECRET, users: { id: (u) => u.id }, loginPath: loginPath as string });
    assert.throws(make([]), /loginPath must name at least one path/);
    assert.throws(make(['/signin', 'login/password']), /loginPath\[1\] must be a path on this site/);
    assert.deepEqual(internalsOf(createTwoStep<TestUser>({ secret: TEST_SECRET, users: { id: (u) => u.id }, loginPath: ['/signin/', '/login'] })).options.loginPaths, ['/signin', '/login']);
  });
});
