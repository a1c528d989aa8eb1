/**
 * SPEC "No exception escapes … on Express 4 as on Express 5": Redis stops answering while a
 * request waits on it, on every route twostep serves and every middleware it gives the app.
 * Each request is answered — 503 `unavailable` wherever the store was needed — and no
 * rejection is left unhandled, which on Express 4 (`TWOSTEP_TEST_EXPRESS=4`, see
 * test/support/express-line.mjs) would end the process: Express 4 drops a handler's rejected
 * promise, and only twostep's own forwarding (src/http/forward-rejections.ts) answers it.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import request from 'supertest';
import { redisStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer, type TestRedisServer } from './support/redis-server.js';
import { enrolTotp, logIn, makeTestApp, manualClock, type Agent } from './support/test-app.js';

const JSON_ACCEPT = 'application/json';
const DEADLINE_MS = 4000;

let server: TestRedisServer;
let client: Redis;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const quiet = { error: console.error, warn: console.warn };

before(async () => {
  server = await startRedisServer();
  client = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false });
  client.on('error', () => {});
  await once(client, 'ready');
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  console.error = quiet.error;
  console.warn = quiet.warn;
  client.disconnect();
  await server.stop();
});

/** alice with an authenticator app, signed in with it from `verified`, waiting for it in `pending`. */
async function aliceOnRedis() {
  const clock = manualClock();
  // A short wait for Redis, so that each stopped request is answered within the test's deadline.
  const env = makeTestApp(redisStore(client, { timeoutSeconds: 0.3 }), clock);
  env.app.get('/sensitive', env.twoStep.require({ maxAgeSeconds: 300 }), (_req, res) => res.send('sensitive'));
  const verified = request.agent(env.app);
  await logIn(verified, 'alice');
  const { secret, methodId } = await enrolTotp(verified, clock);
  clock.advanceSeconds(60);
  const pending = request.agent(env.app);
  assert.equal((await logIn(pending, 'alice')).status, 401);
  // A second authenticator app, set up but not confirmed, for the confirm route.
  const second = await verified.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'totp' });
  assert.equal(second.status, 201);
  return { ...env, clock, verified, pending, secret, methodId, unconfirmedId: second.body.id as string };
}

type Call = (agents: { verified: Agent; pending: Agent; fresh: Agent }) => request.Test;

describe(`Redis stops answering mid-request (Express ${process.env.TWOSTEP_TEST_EXPRESS || '5'})`, () => {
  let env: Awaited<ReturnType<typeof aliceOnRedis>>;
  before(async () => {
    env = await aliceOnRedis();
  });

  const code = () => generateTotp({ secret: env.secret, nowMs: env.clock.now() });
  // Every route under /2fa that reads or writes the store (not /setup's choice nor /skip,
  // which live in the session), and the middleware the app mounts.
  const calls: [string, Call][] = [
    ['GET /2fa/verify (pending)', ({ pending }) => pending.get('/2fa/verify')],
    ['POST /2fa/send (pending)', ({ pending }) => pending.post('/2fa/send').set('Accept', JSON_ACCEPT).send({})],
    ['POST /2fa/send (pending, form)', ({ pending }) => pending.post('/2fa/send').type('form').send({})],
    ['POST /2fa/verify (pending)', ({ pending }) => pending.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: code() })],
    ['POST /2fa/verify (pending, form)', ({ pending }) => pending.post('/2fa/verify').type('form').send({ code: code() })],
    ['POST /2fa/passport: strategy + completeLogin()', ({ pending }) => pending.post('/2fa/passport').set('Accept', JSON_ACCEPT).send({ code: code() })],
    ['POST /login: challenge()', ({ fresh }) => fresh.post('/login').set('Accept', JSON_ACCEPT).send({ username: 'alice', password: 'alice-pass' })],
    ['POST /login: challenge(), browser', ({ fresh }) => fresh.post('/login').type('form').send({ username: 'alice', password: 'alice-pass' })],
    ['GET /2fa/status', ({ verified }) => verified.get('/2fa/status').set('Accept', JSON_ACCEPT)],
    ['GET /2fa/', ({ verified }) => verified.get('/2fa/')],
    ['POST /2fa/methods', ({ verified }) => verified.post('/2fa/methods').set('Accept', JSON_ACCEPT).send({ type: 'totp' })],
    ['GET /2fa/methods/:id', ({ verified }) => verified.get(`/2fa/methods/${env.unconfirmedId}`)],
    ['POST /2fa/methods/:id/confirm', ({ verified }) => verified.post(`/2fa/methods/${env.unconfirmedId}/confirm`).set('Accept', JSON_ACCEPT).send({ code: '123456' })],
    ['POST /2fa/methods/:id/send', ({ verified }) => verified.post(`/2fa/methods/${env.unconfirmedId}/send`).set('Accept', JSON_ACCEPT).send({})],
    ['POST /2fa/methods/:id/primary', ({ verified }) => verified.post(`/2fa/methods/${env.methodId}/primary`).set('Accept', JSON_ACCEPT).send({})],
    ['PATCH /2fa/methods/:id', ({ verified }) => verified.patch(`/2fa/methods/${env.methodId}`).set('Accept', JSON_ACCEPT).send({ name: 'Phone' })],
    ['POST /2fa/methods/:id/rename', ({ verified }) => verified.post(`/2fa/methods/${env.methodId}/rename`).type('form').send({ name: 'Phone' })],
    ['DELETE /2fa/methods/:id', ({ verified }) => verified.delete(`/2fa/methods/${env.methodId}`).set('Accept', JSON_ACCEPT)],
    ['POST /2fa/methods/:id/delete', ({ verified }) => verified.post(`/2fa/methods/${env.methodId}/delete`).type('form').send({})],
    ['POST /2fa/enable', ({ verified }) => verified.post('/2fa/enable').set('Accept', JSON_ACCEPT).send({})],
    ['POST /2fa/disable', ({ verified }) => verified.post('/2fa/disable').set('Accept', JSON_ACCEPT).send({})],
    ['POST /2fa/recovery-codes', ({ verified }) => verified.post('/2fa/recovery-codes').set('Accept', JSON_ACCEPT).send({})],
    ['GET /2fa/devices', ({ verified }) => verified.get('/2fa/devices').set('Accept', JSON_ACCEPT)],
    ['DELETE /2fa/devices/:id', ({ verified }) => verified.delete('/2fa/devices/abcdef0123456789').set('Accept', JSON_ACCEPT)],
    ['DELETE /2fa/devices', ({ verified }) => verified.delete('/2fa/devices').set('Accept', JSON_ACCEPT)],
    ['POST /2fa/devices/delete', ({ verified }) => verified.post('/2fa/devices/delete').type('form').send({})],
    ['POST /2fa/devices/:id/delete', ({ verified }) => verified.post('/2fa/devices/abcdef0123456789/delete').type('form').send({})],
    ['GET /2fa/reverify', ({ verified }) => verified.get('/2fa/reverify')],
    ['POST /2fa/reverify', ({ verified }) => verified.post('/2fa/reverify').set('Accept', JSON_ACCEPT).send({ code: code() })],
    ['POST /2fa/sessions/revoke-others', ({ verified }) => verified.post('/2fa/sessions/revoke-others').set('Accept', JSON_ACCEPT).send({})],
  ];

  for (const [name, call] of calls) {
    it(`${name}: 503, and nothing left unhandled`, async () => {
      console.error = () => {};
      console.warn = () => {};
      // SIGSTOP: the server keeps its connections and answers nothing, as a Redis that hangs
      // or dies under load does; the request is already on its way when the store is needed.
      server.pause();
      let answer: request.Response;
      try {
        answer = await call({ verified: env.verified, pending: env.pending, fresh: request.agent(env.app) }).timeout(DEADLINE_MS);
      } finally {
        server.resume();
        console.error = quiet.error;
        console.warn = quiet.warn;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(unhandled.splice(0), [], 'no rejection was left unhandled');
      assert.equal(answer.status, 503, `${answer.status} ${answer.text.slice(0, 200)}`);
      // Redis answers again: so does the app, without a restart.
      assert.equal((await env.verified.get('/2fa/status').set('Accept', JSON_ACCEPT)).status, 200);
    });
  }
});
