/**
 * What `users.verifyPassword` may return: true or false, or a promise of one. Anything else
 * (a user row, undefined from a forgotten `return`, the string 'false', 1) is the app's bug:
 * it must neither let the password through nor pass for a wrong password, so the confirm is
 * answered 503 (logged with the fix) and the method stays off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { logIn, makeTestApp, manualClock, type TestUser } from './support/test-app.js';

const JSON_TYPE = 'application/json';

/** alice (verified by her password: no 2FA yet) starts an authenticator app and confirms it with her password. */
async function confirmWith(verifyPassword: (user: TestUser, password: string) => unknown) {
  const clock = manualClock();
  const { app } = makeTestApp(memoryStore(), clock, {
    users: { id: (u) => u.id, verifyPassword: verifyPassword as (user: TestUser, password: string) => boolean },
  });
  const agent = request.agent(app);
  await logIn(agent, 'alice');
  const started = await agent.post('/2fa/methods').set('Accept', JSON_TYPE).send({ type: 'totp' });
  assert.equal(started.status, 201);
  const confirm = await agent.post(`/2fa/methods/${started.body.id}/confirm`).set('Accept', JSON_TYPE)
    .send({ code: generateTotp({ secret: started.body.secret, nowMs: clock.now() }), password: 'alice-pass' });
  const status = await agent.get('/2fa/status').set('Accept', JSON_TYPE);
  return { confirm, enabled: status.body.enabled as boolean };
}

describe('users.verifyPassword results', () => {
  for (const [name, verify] of [
    ['true', () => true],
    ['a promise of true', async () => true],
    ['the real comparison', (u: TestUser, password: string) => u.password === password],
  ] as const) {
    it(`${name} accepts the password`, async () => {
      const { confirm, enabled } = await confirmWith(verify);
      assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
      assert.equal(enabled, true);
    });
  }

  for (const [name, verify] of [['false', () => false], ['a promise of false', async () => false]] as const) {
    it(`${name} is a wrong password`, async () => {
      const { confirm, enabled } = await confirmWith(verify);
      assert.equal(confirm.status, 401);
      assert.equal(confirm.body.error, 'invalid_password');
      assert.equal(enabled, false);
    });
  }

  for (const [name, verify] of [
    ['a user row', (u: TestUser) => u],
    ['undefined (a forgotten return)', () => undefined],
    ["the string 'false'", () => 'false'],
    ['1', () => 1],
    ['a promise of a user row', async (u: TestUser) => u],
    ['null', () => null],
    ['a throw', () => { throw new Error('database down'); }],
    ['a rejection', () => Promise.reject(new Error('database down'))],
  ] as const) {
    it(`${name} lets nobody through and is answered 503`, async () => {
      const logged: unknown[][] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void logged.push(args);
      try {
        const { confirm, enabled } = await confirmWith(verify);
        assert.equal(confirm.status, 503, JSON.stringify(confirm.body));
        assert.equal(confirm.body.error, 'unavailable');
        assert.equal(enabled, false);
      } finally {
        console.error = original;
      }
      if (!name.startsWith('a throw') && !name.startsWith('a rejection')) {
        assert.match(String(logged.flat().find((x) => x instanceof TypeError)), /users\.verifyPassword must return true or false/);
      }
    });
  }
});
