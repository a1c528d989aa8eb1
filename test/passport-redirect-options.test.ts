/**
 * Issue 20 item 8: login routes that end in `passport.authenticate('local', { successRedirect })`
 * or `{ successReturnToOrRedirect }` with no handler after it. Passport answers with its
 * redirect itself, so nothing after it on the route runs (a `twoStep.challenge()` there
 * neither); the gate holds the session back on the page Passport sends the browser to, and the
 * user lands on that page once verified — where Passport would have sent them. Run on both
 * Passport lines (TWOSTEP_TEST_EXPRESS=4 is Passport 0.6).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { browserGet, browserPost } from './support/login-app.js';
import { enrolUser, makeTestApp, makeTestPassport, makeUsers, manualClock } from './support/test-app.js';

function appWithPassportRedirects() {
  const clock = manualClock();
  // No setup offer for bob (no 2FA), so his first page is the one Passport named.
  const env = makeTestApp(memoryStore(), clock, { setupPrompt: false });
  const local = makeTestPassport(env.users);
  const form = express.urlencoded({ extended: false });
  env.app.post('/login/redirect', form, local.authenticate('local', { successRedirect: '/dashboard' }), env.twoStep.challenge());
  env.app.post('/login/return-to', form, local.authenticate('local', { successReturnToOrRedirect: '/home' }), env.twoStep.challenge());
  for (const page of ['/dashboard', '/home']) {
    env.app.get(page, (req, res) => (req.isAuthenticated() ? res.send(`${page} of ${(req.user as { username: string }).username}`) : res.redirect('/login')));
  }
  return { ...env, clock };
}

const passwordOf = (username: string) => makeUsers().get(username)!.password;

for (const [route, landing] of [['/login/redirect', '/dashboard'], ['/login/return-to', '/home']] as const) {
  describe(`passport.authenticate('local', { ${route === '/login/redirect' ? 'successRedirect' : 'successReturnToOrRedirect'} }) with no handler after it`, () => {
    it(`a user with 2FA is challenged on the way and lands on ${landing}`, async () => {
      const { app, clock } = appWithPassportRedirects();
      const { secret } = await enrolUser(app, clock, 'alice');
      const agent = request.agent(app);
      const login = await browserPost(agent, route, { username: 'alice', password: passwordOf('alice') });
      assert.equal(login.status, 302);
      assert.equal(login.headers.location, landing);
      const held = await browserGet(agent, landing);
      assert.equal(held.status, 303);
      assert.equal(held.headers.location, '/2fa/verify');
      const verified = await browserPost(agent, '/2fa/verify', { code: generateTotp({ secret, nowMs: clock.now() }) });
      assert.equal(verified.status, 303);
      assert.equal(verified.headers.location, landing);
      const page = await browserGet(agent, landing);
      assert.equal(page.status, 200);
      assert.equal(page.text, `${landing} of alice`);
    });

    it(`a user without 2FA goes straight to ${landing}`, async () => {
      const { app } = appWithPassportRedirects();
      const agent = request.agent(app);
      const login = await browserPost(agent, route, { username: 'bob', password: passwordOf('bob') });
      assert.equal(login.headers.location, landing);
      assert.equal((await browserGet(agent, landing)).text, `${landing} of bob`);
    });
  });
}
