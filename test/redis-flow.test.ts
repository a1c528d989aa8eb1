/**
 * The login flow on a real redis-server: per-account lockout and single use under parallel
 * requests, and fail-closed behaviour when Redis stops in the middle of a sign-in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { redisStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolledUser } from './support/enrolled-user.js';
import { useTestRedis } from './support/redis-fixture.js';
import { logIn, wrongCode } from './support/test-app.js';

const redis = useTestRedis();

const aliceEnrolled = () => enrolledUser({ store: redisStore(redis.client, { timeoutSeconds: 1 }), advanceSeconds: 90 });

describe('on Redis, under parallel requests', () => {
  it('compares at most 5 of 200 parallel wrong codes, from many sessions; the rest are 429', async () => {
    const { app, clock, secret } = await aliceEnrolled();
    const agents = await Promise.all(Array.from({ length: 4 }, async () => {
      const agent = request.agent(app);
      await logIn(agent, 'alice');
      return agent;
    }));
    const code = wrongCode(secret, clock.now());
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      agents[i % agents.length]!.post('/2fa/verify').set('Accept', 'application/json').send({ code })));
    const counts = new Map<number, number>();
    for (const res of responses) counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    assert.equal(counts.get(401), 5, `exactly 5 compared: ${JSON.stringify([...counts])}`);
    assert.equal(counts.get(429), 195);
    // The lock holds for a new session and for the right code.
    const fresh = request.agent(app);
    await logIn(fresh, 'alice');
    const right = await fresh.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(right.status, 429);
    assert.ok(Number(right.headers['retry-after']) > 1790);
  });

  it('upgrades exactly one session when the right code is sent from many at once', async () => {
    const { app, clock, secret } = await aliceEnrolled();
    const agents = await Promise.all(Array.from({ length: 20 }, async () => {
      const agent = request.agent(app);
      await logIn(agent, 'alice');
      return agent;
    }));
    const code = generateTotp({ secret, nowMs: clock.now() });
    const responses = await Promise.all(agents.map((agent) => agent.post('/2fa/verify').set('Accept', 'application/json').send({ code })));
    assert.equal(responses.filter((r) => r.status === 200).length, 1);
    const signedIn = await Promise.all(agents.map((agent) => agent.get('/api/me').set('Accept', 'application/json')));
    assert.equal(signedIn.filter((r) => r.status === 200).length, 1, 'only one session is upgraded');
  });
});

describe('when Redis stops in the middle of a sign-in', () => {
  it('answers 503, upgrades nobody, keeps serving other routes, and recovers by itself', async () => {
    const { app, clock, secret } = await aliceEnrolled();
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const fresh = request.agent(app);

    await redis.server.stop();
    try {
      const code = generateTotp({ secret, nowMs: clock.now() });
      const verify = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code });
      assert.equal(verify.status, 503);
      assert.equal(verify.body.error, 'unavailable');
      assert.equal((await agent.get('/api/me').set('Accept', 'application/json')).status, 401, 'still pending');
      assert.equal((await request(app).get('/public')).status, 200, 'the app keeps serving');
      // A password login that cannot decide its second step is held back, never let in.
      const login = await logIn(fresh, 'alice');
      assert.equal(login.status, 503);
      assert.equal((await fresh.get('/api/me').set('Accept', 'application/json')).status, 503, 'undecided: refused, not let in');
    } finally {
      await redis.server.restart();
    }
    // Back by itself: no restart of the app, same client.
    let recovered = 0;
    for (let i = 0; i < 50 && recovered !== 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      recovered = (await agent.get('/2fa/status').set('Accept', 'application/json')).status;
    }
    assert.equal(recovered, 200);
    // The server restarted empty (no persistence): Alice's enrolment is gone, so sign in again.
    const again = request.agent(app);
    const login = await logIn(again, 'alice');
    assert.equal(login.status, 200);
  });
});
