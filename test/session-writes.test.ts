/**
 * A correct code costs one session write (regenerate + the upgraded session saved once, before
 * the answer), and a failed write is still a 503 before the user is told they are in.
 * express-session's own MemoryStore, counting its writes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import session from 'express-session';
import request from 'supertest';
import { memoryStore } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolUser, logIn, makeTestApp, manualClock } from './support/test-app.ts';

class CountingSessionStore extends session.MemoryStore {
  writes = 0;
  failWrites = false;
  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    this.writes += 1;
    if (this.failWrites) return callback?.(new Error('session store down'));
    super.set(sid, data, callback);
  }
}

describe('session writes on a correct code', () => {
  it('writes the upgraded session once, and the next request sees it', async () => {
    const clock = manualClock();
    const sessions = new CountingSessionStore();
    const { app } = makeTestApp(memoryStore(), clock, {}, sessions);
    const { secret } = await enrolUser(app, clock, 'alice');
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const before = sessions.writes;
    const answer = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(answer.status, 200);
    assert.equal(sessions.writes - before, 1);
    const me = await agent.get('/api/me').set('Accept', 'application/json');
    assert.equal(me.status, 200);
    assert.equal(me.body.id, 'u-alice');
  });

  it('a failed session write is a 503 and the user is not signed in', async () => {
    const clock = manualClock();
    const sessions = new CountingSessionStore();
    const { app } = makeTestApp(memoryStore(), clock, {}, sessions);
    const { secret } = await enrolUser(app, clock, 'alice');
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    sessions.failWrites = true;
    const answer = await agent.post('/2fa/verify').set('Accept', 'application/json').send({ code: generateTotp({ secret, nowMs: clock.now() }) });
    assert.equal(answer.status, 503);
    assert.notEqual(answer.body.verified, true);
    sessions.failWrites = false;
    assert.equal((await agent.get('/api/me').set('Accept', 'application/json')).status, 401);
  });
});
