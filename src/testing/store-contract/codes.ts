/** Email and SMS codes: expiry, cooldown, hourly cap, purposes, withdrawal. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0, HOUR_MS, issue, code } from './fixtures.js';

export function codesContract(): void {
  describe('email and SMS codes', () => {
    it('issues with expiry and resend times', async () => {
      assert.deepEqual(await store.issueCode(issue('u', 'c1')), { outcome: 'issued', expiresAt: T0 + 600_000, resendAt: T0 + 30_000 });
    });

    it('refuses a resend within the cooldown of the same purpose only', async () => {
      await store.issueCode(issue('u', 'c1'));
      assert.deepEqual(await store.issueCode(issue('u', 'c2', { nowMs: T0 + 29_999 })), { outcome: 'too_soon', retryAt: T0 + 30_000 });
      assert.equal((await store.issueCode(issue('u', 'c2', { nowMs: T0 + 1, purpose: 'password-reset' }))).outcome, 'issued');
      assert.equal((await store.issueCode(issue('u', 'c2', { nowMs: T0 + 30_000 }))).outcome, 'issued');
    });

    it('caps sends of any purpose in a sliding hour', async () => {
      const cap = { cooldownSeconds: 0, maxSendsPerHour: 3 };
      await store.issueCode(issue('u', 'c1', { ...cap, nowMs: T0 }));
      await store.issueCode(issue('u', 'c2', { ...cap, nowMs: T0 + 1000, purpose: 'setup:m2' }));
      await store.issueCode(issue('u', 'c3', { ...cap, nowMs: T0 + 2000, purpose: 'password-reset' }));
      assert.deepEqual(await store.issueCode(issue('u', 'c4', { ...cap, nowMs: T0 + 3000 })), { outcome: 'limit_reached', retryAt: T0 + HOUR_MS });
      assert.equal((await store.issueCode(issue('u', 'c4', { ...cap, nowMs: T0 + HOUR_MS - 1 }))).outcome, 'limit_reached');
      assert.equal((await store.issueCode(issue('u', 'c4', { ...cap, nowMs: T0 + HOUR_MS }))).outcome, 'issued');
      assert.deepEqual(await store.issueCode(issue('u', 'c5', { ...cap, nowMs: T0 + HOUR_MS })), { outcome: 'limit_reached', retryAt: T0 + 1000 + HOUR_MS });
      // The same code hash issued twice still counts twice.
      assert.equal((await store.issueCode(issue('v', 'same', { ...cap, nowMs: T0 }))).outcome, 'issued');
      assert.equal((await store.issueCode(issue('v', 'same', { ...cap, nowMs: T0 + 1 }))).outcome, 'issued');
      assert.equal((await store.issueCode(issue('v', 'same', { ...cap, nowMs: T0 + 2 }))).outcome, 'issued');
      assert.equal((await store.issueCode(issue('v', 'same', { ...cap, nowMs: T0 + 3 }))).outcome, 'limit_reached');
    });

    it('a resend leaves the earlier code valid; a success consumes every code of that purpose', async () => {
      await store.issueCode(issue('u', 'c1'));
      await store.issueCode(issue('u', 'c2', { nowMs: T0 + 30_000 }));
      assert.deepEqual(await store.consumeCode(code('u', 'c1', T0 + 31_000)), { outcome: 'accepted' });
      assert.deepEqual(await store.consumeCode(code('u', 'c2', T0 + 32_000)), { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
      assert.equal((await store.consumeCode(code('u', 'c1', T0 + 33_000))).outcome, 'rejected');
    });

    it('a code works only for its purpose, and other purposes are untouched', async () => {
      await store.issueCode(issue('u', 'same', { purpose: 'login' }));
      await store.issueCode(issue('u', 'same', { purpose: 'password-reset' }));
      await store.issueCode(issue('u', 'other', { purpose: 'setup:abc' }));
      await store.issueCode(issue('u', 'nested', { purpose: 'setup:abc.def' }));
      assert.equal((await store.consumeCode(code('u', 'other', T0, 'login'))).outcome, 'rejected');
      assert.equal((await store.consumeCode(code('u', 'same', T0, 'login'))).outcome, 'accepted');
      assert.equal((await store.consumeCode(code('u', 'same', T0, 'password-reset'))).outcome, 'accepted');
      assert.equal((await store.consumeCode(code('u', 'other', T0, 'setup:abc'))).outcome, 'accepted');
      assert.equal((await store.consumeCode(code('u', 'nested', T0, 'setup:abc.def'))).outcome, 'accepted');
    });

    it('a code is valid until just before expiresAt', async () => {
      const issued = await store.issueCode(issue('u', 'c1'));
      assert.equal(issued.outcome, 'issued');
      await store.issueCode(issue('v', 'c1'));
      assert.ok(issued.outcome === 'issued');
      assert.equal((await store.consumeCode(code('u', 'c1', issued.expiresAt - 1))).outcome, 'accepted');
      assert.deepEqual(await store.consumeCode(code('v', 'c1', issued.expiresAt)), { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
    });

    it('withdraw undoes the code, the cooldown and the send count', async () => {
      const once = { maxSendsPerHour: 1 };
      assert.equal((await store.issueCode(issue('u', 'c1', once))).outcome, 'issued');
      await store.withdrawCode({ userId: 'u', purpose: 'login', codeHash: 'c1', nowMs: T0 + 5 });
      assert.equal((await store.consumeCode(code('u', 'c1', T0 + 6))).outcome, 'rejected');
      assert.deepEqual(await store.issueCode(issue('u', 'c2', { ...once, nowMs: T0 + 7 })), { outcome: 'issued', expiresAt: T0 + 7 + 600_000, resendAt: T0 + 7 + 30_000 });
      assert.equal((await store.consumeCode(code('u', 'c2', T0 + 8))).outcome, 'accepted');
      await store.withdrawCode({ userId: 'nobody', purpose: 'login', codeHash: 'x', nowMs: T0 });
    });
  });
}
