/**
 * A method type the organisation has turned off (`allowedMethods`) proves nothing anywhere:
 * not at sign-in, not at re-verification, and so never for step-up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryStore, type MethodType } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { makeTestApp, manualClock, signedInWithApp } from './support/test-app.js';

const JSON_TYPE = 'application/json';

async function aliceWithApp() {
  const clock = manualClock();
  const allowed = { types: ['totp', 'email', 'sms'] as MethodType[] };
  const { app, twoStep } = makeTestApp(memoryStore(), clock, { allowedMethods: () => allowed.types });
  app.get('/sensitive', twoStep.require({ maxAgeSeconds: 300 }), (_req, res) => res.json({ ok: true }));
  const { agent, secret } = await signedInWithApp(app, clock, 'alice');
  clock.advanceSeconds(301);
  return { agent, secret, clock, allowed };
}

describe('allowedMethods at re-verification and step-up', () => {
  it('refuses a code from a method type the organisation turned off, which then does not satisfy step-up', async () => {
    const { agent, secret, clock, allowed } = await aliceWithApp();
    allowed.types = ['email'];
    const res = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'method_not_allowed');
    const stepUp = await agent.get('/sensitive').set('Accept', JSON_TYPE);
    assert.equal(stepUp.status, 403);
    assert.equal(stepUp.body.error, 'reverify_required');
    assert.equal((await agent.post('/2fa/recovery-codes').set('Accept', JSON_TYPE)).status, 403);
  });

  it('still accepts the same code while the type is allowed', async () => {
    const { agent, secret, clock } = await aliceWithApp();
    const res = await agent.post('/2fa/reverify').set('Accept', JSON_TYPE).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(res.status, 200);
    assert.equal((await agent.get('/sensitive').set('Accept', JSON_TYPE)).status, 200);
  });
});
