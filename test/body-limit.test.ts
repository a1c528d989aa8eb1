/**
 * `bodyLimitBytes` holds on twostep's routes even when the app parses bodies before twostep
 * (`app.use(express.json())`, limit 100 KB), which makes twostep's own parser a no-op.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolTotp, logIn, makeTestApp, manualClock } from './support/test-app.js';

const JSON_ACCEPT = 'application/json';

/** The test app behind an app that parses JSON and forms first, with generous limits. */
async function parsedFirst() {
  const clock = manualClock();
  const store = memoryStore();
  const inner = makeTestApp(store, clock, { bodyLimitBytes: 4096 });
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(inner.app);
  const first = request.agent(app);
  await logIn(first, 'alice');
  const { secret } = await enrolTotp(first, clock);
  clock.advanceSeconds(60);
  const agent = request.agent(app);
  assert.equal((await logIn(agent, 'alice')).status, 401);
  return { app, agent, secret, clock, store };
}

describe('bodyLimitBytes with a body parsed by the app first', () => {
  it('answers 413 to a 50 KB JSON answer, which never reaches verification', async () => {
    const { agent, secret, clock, store } = await parsedFirst();
    const big = { code: generateTotp({ secret, nowMs: clock.now() }), padding: 'x'.repeat(50_000) };
    const res = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send(big);
    assert.equal(res.status, 413);
    assert.equal(res.body.error, 'payload_too_large');
    assert.equal((await store.getLockState('u-alice', clock.now())).failures, 0);
    assert.equal((await agent.get('/api/me').set('Accept', JSON_ACCEPT)).status, 401, 'still pending');
  });

  it('answers 413 to a large form post too', async () => {
    const { agent } = await parsedFirst();
    const res = await agent.post('/2fa/verify').type('form').set('Accept', JSON_ACCEPT).send(`code=123456&padding=${'x'.repeat(50_000)}`);
    assert.equal(res.status, 413);
  });

  it('lets a normal answer through', async () => {
    const { agent, secret, clock } = await parsedFirst();
    const res = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(res.status, 200);
  });
});
