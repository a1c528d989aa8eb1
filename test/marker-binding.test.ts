/**
 * The verified marker belongs to one user: when the session's Passport user becomes someone
 * else (an app that logs a second account into the same session with `keepSessionInfo`),
 * the marker of the first does not let the second through.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolledAndPending } from './support/enrolled-user.js';
import { enrolUser, makeUsers, type TestUser } from './support/test-app.js';

const JSON_ACCEPT = 'application/json';

describe('the verified marker is bound to its user', () => {
  it('holds back another user put into a session verified for alice', async () => {
    const { app, agent, secret, clock } = await enrolledAndPending({ store: memoryStore() });
    await enrolUser(app, clock, 'bob');
    const bob = makeUsers().get('bob')!;
    // An app route that swaps the signed-in account and keeps the rest of the session.
    app.post('/switch-account', (req, res, next) => {
      req.login(bob as TestUser, { keepSessionInfo: true, session: true }, (error) => (error ? next(error) : res.json({ switched: true })));
    });

    const ok = await agent.post('/2fa/verify').set('Accept', JSON_ACCEPT).send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(ok.status, 200);
    assert.equal((await agent.get('/api/me').set('Accept', JSON_ACCEPT)).body.id, 'u-alice');

    assert.equal((await agent.post('/switch-account').set('Accept', JSON_ACCEPT)).status, 200);
    const me = await agent.get('/api/me').set('Accept', JSON_ACCEPT);
    assert.equal(me.status, 401);
    assert.equal(me.body.error, 'second_factor_required');
    const status = await agent.get('/2fa/status').set('Accept', JSON_ACCEPT);
    assert.equal(status.body.state, 'pending');
    const page = await agent.get('/').set('Accept', 'text/html');
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, '/2fa/verify');
    assert.equal((await request(app).get('/public')).status, 200);
  });
});
