/**
 * What the wrong-code path was trimmed to (bench/peers.bench.ts), held by tests so a later
 * change cannot quietly undo it, and what it must keep: the SPEC's JSON error shape with an
 * exact Content-Length; 4xx refusals without a captured stack, faults (5xx) with one; the
 * pending session's snapshot packed as one string. Real Express + express-session + Passport.
 */
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import session from 'express-session';
import request from 'supertest';
import { memoryStore, StoreUnavailableError, TwoStepError } from '../src/index.js';
import { generateTotp } from '../src/testing/index.js';
import { enrolUser, logIn, makeTestApp, manualClock, wrongCode } from './support/test-app.ts';

const verify = (agent: ReturnType<typeof request.agent>, code: string) => agent.post('/2fa/verify').set('Accept', 'application/json').send({ code });

/** Every session express-session's MemoryStore holds, parsed. */
function storedSessions(store: session.MemoryStore): Promise<Record<string, session.SessionData>> {
  return new Promise((resolve, reject) => store.all((error, all) => (error ? reject(error) : resolve((all ?? {}) as Record<string, session.SessionData>))));
}

describe('the wrong-code answer, trimmed', () => {
  it('is the SPEC JSON error with an exact Content-Length, no ETag and no caching', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock);
    const { secret } = await enrolUser(app, clock, 'alice');
    const agent = request.agent(app);
    assert.equal((await logIn(agent, 'alice')).status, 401);
    const refused = await verify(agent, wrongCode(secret, clock.now()));
    assert.equal(refused.status, 401);
    assert.deepEqual(Object.keys(refused.body).sort(), ['answer', 'attemptsLeft', 'error', 'message']);
    assert.equal(refused.body.answer, 'app-code');
    assert.equal(refused.body.error, 'invalid_code');
    assert.equal(refused.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(Number(refused.headers['content-length']), Buffer.byteLength(refused.text));
    assert.equal(refused.headers.etag, undefined);
    assert.equal(refused.headers['cache-control'], 'no-store');
  });

  it('a locked refusal carries Retry-After, lockedUntil and retryAfterSeconds that agree', async () => {
    const clock = manualClock();
    const { app } = makeTestApp(memoryStore(), clock, { lockout: { maxAttempts: 2, lockSeconds: 300 } });
    const { secret } = await enrolUser(app, clock, 'alice');
    const agent = request.agent(app);
    await logIn(agent, 'alice');
    const wrong = wrongCode(secret, clock.now());
    await verify(agent, wrong);
    await verify(agent, wrong);
    const locked = await verify(agent, wrong);
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error, 'locked');
    assert.equal(locked.headers['retry-after'], String(locked.body.retryAfterSeconds));
    assert.equal(Date.parse(locked.body.lockedUntil), clock.now() + 300_000);
    assert.match(locked.body.message, new RegExp(locked.body.lockedUntil.replace(/[.]/g, '\\.')));
  });
});

describe('errors', () => {
  it('a client refusal (4xx) captures no stack; a fault (5xx) keeps its stack for the logs', () => {
    const refusal = new TwoStepError('invalid_code', 'Wrong code.');
    assert.equal(refusal.status, 401);
    assert.doesNotMatch(refusal.stack ?? '', /\n\s+at /);
    const fault = new StoreUnavailableError(new Error('down'));
    assert.equal(fault.status, 503);
    assert.match(fault.stack ?? '', /\n\s+at /);
    // The process-wide limit is left as it was.
    assert.equal(Error.stackTraceLimit > 0, true);
    assert.match(new Error('after').stack ?? '', /\n\s+at /);
  });

  it('are made without writing Error.stackTraceLimit, even for a moment', () => {
    const limit = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')!;
    let writes = 0;
    let value = Error.stackTraceLimit;
    Object.defineProperty(Error, 'stackTraceLimit', {
      configurable: true,
      get: () => value,
      set: (next: number) => { writes += 1; value = next; },
    });
    try {
      const refusal = new TwoStepError('locked', 'Locked.', { details: { retryAfterSeconds: 5 } });
      assert.ok(refusal instanceof TwoStepError && refusal instanceof Error);
      assert.equal(refusal.stack, 'TwoStepError: Locked.');
      assert.deepEqual(refusal.details, { retryAfterSeconds: 5 });
      new StoreUnavailableError(new Error('down'));
    } finally {
      Object.defineProperty(Error, 'stackTraceLimit', limit);
    }
    assert.equal(writes, 0);
  });

  it('are still made where Error.stackTraceLimit is read-only (frozen intrinsics)', () => {
    const errorsModule = new URL('../src/errors.ts', import.meta.url).href;
    const script = [
      "Object.defineProperty(Error, 'stackTraceLimit', { value: 10, writable: false });",
      `const { TwoStepError } = await import(${JSON.stringify(errorsModule)});`,
      "const refusal = new TwoStepError('invalid_code', 'Wrong code.');",
      'console.log(refusal.status, Error.stackTraceLimit);',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(output.trim(), '401 10');
  });
});

/** Alice enrolled, then signed in with her password only, sessions in a store the test can read. */
async function pendingAlice() {
  const clock = manualClock();
  const sessions = new session.MemoryStore();
  const { app } = makeTestApp(memoryStore(), clock, {}, sessions);
  const { secret } = await enrolUser(app, clock, 'alice');
  const agent = request.agent(app);
  await logIn(agent, 'alice');
  return { clock, sessions, secret, agent };
}

describe('the pending session', () => {
  it('keeps its snapshot as one string (no sealed secret in a nested object), and still verifies', async () => {
    const { clock, sessions, secret, agent } = await pendingAlice();
    const pending = Object.values(await storedSessions(sessions)).map((s) => s.twoStepPending).find(Boolean)!;
    assert.equal(typeof pending.snapshot, 'string');
    const snapshot = JSON.parse(pending.snapshot) as { version: number; enrolment: { methods: { type: string; sealedSecret?: string }[] } };
    assert.equal(snapshot.enrolment.methods[0]!.type, 'totp');
    assert.match(snapshot.enrolment.methods[0]!.sealedSecret!, /^v1\./);
    assert.equal((await verify(agent, generateTotp({ secret, nowMs: clock.now() }))).status, 200);
  });
});
