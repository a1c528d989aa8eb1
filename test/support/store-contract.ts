/**
 * The one contract every `TwoStepStore` passes (memory and Redis alike). Time is always an
 * explicit `nowMs`: TTLs are checked by moving it forward, never by sleeping.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type {
  AttemptResult,
  Enrolment,
  LockoutPolicy,
  TrustedDeviceRecord,
  TwoStepStore,
} from '../../src/store/types.ts';

export interface StoreUnderTest {
  store: TwoStepStore;
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;
const LOCKOUT: LockoutPolicy = { maxAttempts: 5, lockSeconds: 1800 };
const LOCK_MS = LOCKOUT.lockSeconds * 1000;
const HOUR_MS = 3_600_000;

const issue = (userId: string, codeHash: string, overrides: { purpose?: string; nowMs?: number; cooldownSeconds?: number; maxSendsPerHour?: number } = {}) => ({
  userId,
  codeHash,
  purpose: overrides.purpose ?? 'login',
  nowMs: overrides.nowMs ?? T0,
  ttlSeconds: 600,
  cooldownSeconds: overrides.cooldownSeconds ?? 30,
  maxSendsPerHour: overrides.maxSendsPerHour ?? 10,
});

const code = (userId: string, codeHash: string, nowMs = T0, purpose = 'login', lockout = LOCKOUT) => ({
  userId,
  codeHash,
  purpose,
  nowMs,
  lockout,
});

const totp = (userId: string, matchedStep: number | null, nowMs = T0, generation = 0, lockout = LOCKOUT) => ({
  userId,
  matchedStep,
  nowMs,
  generation,
  lockout,
  stepRetentionSeconds: 90,
});

const recovery = (userId: string, codeHash: string, nowMs = T0, lockout = LOCKOUT) => ({ userId, codeHash, nowMs, lockout });

const failure = (userId: string, nowMs = T0, lockout = LOCKOUT) => ({ userId, nowMs, lockout });

function enrolment(label: string): Enrolment {
  return {
    enabled: true,
    methods: [
      { id: 'm1', type: 'totp', label, primary: true, confirmed: true, createdAt: T0, sealedSecret: 'v1.sealed' },
      { id: 'm2', type: 'email', label: 'a•••@example.com', primary: false, confirmed: false, createdAt: T0, pendingUntil: T0 + 600_000, address: 'a@example.com' },
    ],
    updatedAt: T0,
  };
}

function device(id: string, overrides: Partial<TrustedDeviceRecord> = {}): TrustedDeviceRecord {
  return { id, tokenHash: `token-${id}`, label: 'Chrome on Windows — ünïcödé ✓ "quoted" /slash', createdAt: T0, lastUsedAt: T0, expiresAt: T0 + 30 * 86_400_000, ...overrides };
}

function count(results: AttemptResult[], outcome: AttemptResult['outcome']): number {
  return results.filter((result) => result.outcome === outcome).length;
}

/** Fails until the user is locked; returns lockedUntil. */
async function lockUser(store: TwoStepStore, userId: string, nowMs = T0): Promise<number> {
  for (let i = 1; i < LOCKOUT.maxAttempts; i++) await store.recordFailure(failure(userId, nowMs));
  const last = await store.recordFailure(failure(userId, nowMs));
  assert.equal(last.outcome, 'rejected');
  assert.ok(last.outcome === 'rejected' && last.lockedUntil !== null);
  return last.lockedUntil;
}

export function storeContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} store contract`, () => {
    let store: TwoStepStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('enrolment', () => {
      it('starts empty at generation 0', async () => {
        assert.equal(await store.getEnrolment('u'), null);
        assert.equal(await store.getGeneration('u'), 0);
      });

      it('round-trips and bumps the generation on every put', async () => {
        await store.putEnrolment('u', enrolment('Authenticator app'));
        assert.deepEqual(await store.getEnrolment('u'), enrolment('Authenticator app'));
        assert.equal(await store.getGeneration('u'), 1);
        await store.putEnrolment('u', { ...enrolment('Phone'), enabled: false, promptDismissed: true });
        assert.deepEqual(await store.getEnrolment('u'), { ...enrolment('Phone'), enabled: false, promptDismissed: true });
        assert.equal(await store.getGeneration('u'), 2);
      });

      it('keeps its own copy: callers cannot mutate stored state', async () => {
        const input = enrolment('Authenticator app');
        await store.putEnrolment('u', input);
        input.methods[0]!.label = 'changed after put';
        const output = await store.getEnrolment('u');
        assert.ok(output);
        output.methods.pop();
        output.enabled = false;
        assert.deepEqual(await store.getEnrolment('u'), enrolment('Authenticator app'));
      });
    });

    describe('lockout', () => {
      it('counts failures and locks on the last allowed one', async () => {
        assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
        for (let i = 1; i < 5; i++) {
          assert.deepEqual(await store.recordFailure(failure('u', T0 + i)), {
            outcome: 'rejected',
            failures: i,
            attemptsLeft: 5 - i,
            lockedUntil: null,
          });
        }
        assert.deepEqual(await store.getLockState('u', T0 + 4), { failures: 4, lockedUntil: null });
        const lockedUntil = T0 + 5 + LOCK_MS;
        assert.deepEqual(await store.recordFailure(failure('u', T0 + 5)), { outcome: 'rejected', failures: 5, attemptsLeft: 0, lockedUntil });
        assert.deepEqual(await store.getLockState('u', T0 + 5), { failures: 0, lockedUntil });
      });

      it('during a lock: answers locked, counts nothing, compares nothing, never extends', async () => {
        const lockedUntil = await lockUser(store, 'u');
        await store.replaceRecoveryCodes('u', ['r1']);
        await store.issueCode(issue('u', 'c1'));
        const later = T0 + 60_000;
        assert.deepEqual(await store.recordFailure(failure('u', later)), { outcome: 'locked', lockedUntil });
        assert.deepEqual(await store.consumeCode(code('u', 'c1', later)), { outcome: 'locked', lockedUntil });
        assert.deepEqual(await store.consumeRecoveryCode(recovery('u', 'r1', later)), { outcome: 'locked', lockedUntil });
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 100, later)), { outcome: 'locked', lockedUntil });
        // Locked comes before the generation check too.
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 100, later, 99)), { outcome: 'locked', lockedUntil });
        assert.deepEqual(await store.getLockState('u', later), { failures: 0, lockedUntil });
        // The valid recovery code was not compared, so it still works once the lock is over.
        assert.equal(await store.countRecoveryCodes('u'), 1);
        assert.deepEqual(await store.consumeRecoveryCode(recovery('u', 'r1', lockedUntil)), { outcome: 'accepted', remaining: 0 });
      });

      it('lock ends exactly at lockedUntil and gives a fresh set of attempts', async () => {
        const lockedUntil = await lockUser(store, 'u');
        assert.deepEqual(await store.getLockState('u', lockedUntil - 1), { failures: 0, lockedUntil });
        assert.deepEqual(await store.recordFailure(failure('u', lockedUntil - 1)), { outcome: 'locked', lockedUntil });
        assert.deepEqual(await store.getLockState('u', lockedUntil), { failures: 0, lockedUntil: null });
        assert.deepEqual(await store.recordFailure(failure('u', lockedUntil)), { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
      });

      it('forgets failures lockSeconds after the last one', async () => {
        await store.recordFailure(failure('u', T0));
        await store.recordFailure(failure('u', T0 + 1000));
        assert.deepEqual(await store.getLockState('u', T0 + 1000 + LOCK_MS - 1), { failures: 2, lockedUntil: null });
        assert.deepEqual(await store.getLockState('u', T0 + 1000 + LOCK_MS), { failures: 0, lockedUntil: null });
        const result = await store.recordFailure(failure('u', T0 + 1000 + LOCK_MS));
        assert.deepEqual(result, { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
      });

      it('a success resets the count', async () => {
        await store.replaceRecoveryCodes('u', ['r1']);
        for (let i = 0; i < 4; i++) await store.recordFailure(failure('u'));
        assert.equal((await store.consumeRecoveryCode(recovery('u', 'r1'))).outcome, 'accepted');
        assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
        assert.deepEqual(await store.recordFailure(failure('u')), { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
      });

      it('clearLock lifts a lock and forgets failures', async () => {
        await lockUser(store, 'u');
        await store.clearLock('u');
        assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
        await store.recordFailure(failure('u'));
        await store.clearLock('u');
        assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
        await store.clearLock('nobody');
      });

      it('issuing a code does not lift a lock', async () => {
        const lockedUntil = await lockUser(store, 'u');
        assert.equal((await store.issueCode(issue('u', 'c1', { nowMs: T0 + 1 }))).outcome, 'issued');
        assert.deepEqual(await store.consumeCode(code('u', 'c1', T0 + 2)), { outcome: 'locked', lockedUntil });
        assert.deepEqual(await store.getLockState('u', T0 + 2), { failures: 0, lockedUntil });
      });
    });

    describe('TOTP settle', () => {
      it('accepts a new step, rejects and counts the same or an earlier one', async () => {
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 100)), { outcome: 'accepted' });
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 100, T0 + 1)), { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 99, T0 + 2)), { outcome: 'rejected', failures: 2, attemptsLeft: 3, lockedUntil: null });
        assert.deepEqual(await store.settleTotpAttempt(totp('u', null, T0 + 3)), { outcome: 'rejected', failures: 3, attemptsLeft: 2, lockedUntil: null });
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 101, T0 + 4)), { outcome: 'accepted' });
        assert.deepEqual(await store.getLockState('u', T0 + 4), { failures: 0, lockedUntil: null });
        assert.equal((await store.settleTotpAttempt(totp('u', 101, T0 + 5))).outcome, 'rejected');
      });

      it('a stale generation answers stale and counts nothing', async () => {
        await store.putEnrolment('u', enrolment('Authenticator app'));
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 100, T0, 0)), { outcome: 'stale' });
        assert.deepEqual(await store.settleTotpAttempt(totp('u', null, T0, 0)), { outcome: 'stale' });
        assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
        // Nor was the step remembered.
        assert.deepEqual(await store.settleTotpAttempt(totp('u', 100, T0, 1)), { outcome: 'accepted' });
      });

      it('remembers the last step for stepRetentionSeconds', async () => {
        await store.settleTotpAttempt(totp('u', 100));
        assert.equal((await store.settleTotpAttempt(totp('u', 100, T0 + 90_000 - 1))).outcome, 'rejected');
        assert.equal((await store.settleTotpAttempt(totp('u', 100, T0 + 90_000))).outcome, 'accepted');
      });
    });

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

    describe('recovery codes', () => {
      it('each works once; the count goes down', async () => {
        await store.replaceRecoveryCodes('u', ['r1', 'r2', 'r3']);
        assert.equal(await store.countRecoveryCodes('u'), 3);
        assert.deepEqual(await store.consumeRecoveryCode(recovery('u', 'r2')), { outcome: 'accepted', remaining: 2 });
        assert.deepEqual(await store.consumeRecoveryCode(recovery('u', 'r2')), { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
        assert.deepEqual(await store.consumeRecoveryCode(recovery('u', 'nope')), { outcome: 'rejected', failures: 2, attemptsLeft: 3, lockedUntil: null });
        assert.equal(await store.countRecoveryCodes('u'), 2);
      });

      it('replacing kills every earlier code', async () => {
        await store.replaceRecoveryCodes('u', ['r1', 'r2']);
        await store.replaceRecoveryCodes('u', ['n1']);
        assert.equal((await store.consumeRecoveryCode(recovery('u', 'r1'))).outcome, 'rejected');
        assert.deepEqual(await store.consumeRecoveryCode(recovery('u', 'n1')), { outcome: 'accepted', remaining: 0 });
        await store.replaceRecoveryCodes('u', ['x']);
        await store.replaceRecoveryCodes('u', []);
        assert.equal(await store.countRecoveryCodes('u'), 0);
        assert.equal(await store.countRecoveryCodes('nobody'), 0);
      });
    });

    describe('trusted devices', () => {
      it('put, get and list, in creation order, as copies', async () => {
        await store.putDevice('u', device('d2', { createdAt: T0 + 1 }));
        await store.putDevice('u', device('d1'));
        assert.deepEqual(await store.getDevice('u', 'd1', T0), device('d1'));
        assert.equal(await store.getDevice('u', 'missing', T0), null);
        const listed = await store.listDevices('u', T0);
        assert.deepEqual(listed, [device('d1'), device('d2', { createdAt: T0 + 1 })]);
        listed[0]!.tokenHash = 'mutated';
        const got = await store.getDevice('u', 'd1', T0);
        assert.ok(got);
        got.expiresAt = 0;
        assert.deepEqual(await store.getDevice('u', 'd1', T0), device('d1'));
        assert.deepEqual(await store.listDevices('nobody', T0), []);
      });

      it('rotate is a compare-and-swap of the token hash', async () => {
        await store.putDevice('u', device('d1'));
        const change = { expectedTokenHash: 'token-d1', newTokenHash: 'token-2', lastUsedAt: T0 + 1000, expiresAt: T0 + 1000 + 86_400_000 };
        assert.equal(await store.rotateDevice('u', 'd1', { ...change, expectedTokenHash: 'wrong' }), false);
        assert.equal(await store.rotateDevice('u', 'd1', change), true);
        assert.deepEqual(await store.getDevice('u', 'd1', T0 + 1000), device('d1', { tokenHash: 'token-2', lastUsedAt: T0 + 1000, expiresAt: T0 + 1000 + 86_400_000 }));
        assert.equal(await store.rotateDevice('u', 'd1', change), false);
        assert.equal(await store.rotateDevice('u', 'missing', change), false);
      });

      it('an expired device is gone from get, list and rotate', async () => {
        await store.putDevice('u', device('d1', { expiresAt: T0 + 10_000 }));
        await store.putDevice('u', device('d2'));
        assert.ok(await store.getDevice('u', 'd1', T0 + 9_999));
        assert.equal(await store.getDevice('u', 'd1', T0 + 10_000), null);
        assert.deepEqual((await store.listDevices('u', T0 + 10_000)).map((d) => d.id), ['d2']);
        const change = { expectedTokenHash: 'token-d1', newTokenHash: 'n', lastUsedAt: T0 + 10_000, expiresAt: T0 + 99_999 };
        assert.equal(await store.rotateDevice('u', 'd1', change), false);
      });

      it('delete one, then all', async () => {
        await store.putDevice('u', device('d1'));
        await store.putDevice('u', device('d2'));
        await store.putDevice('u', device('d3'));
        assert.equal(await store.deleteDevice('u', 'd1'), true);
        assert.equal(await store.deleteDevice('u', 'd1'), false);
        assert.equal(await store.deleteAllDevices('u'), 2);
        assert.deepEqual(await store.listDevices('u', T0), []);
        assert.equal(await store.deleteAllDevices('u'), 0);
      });
    });

    describe('resetUser', () => {
      it('forgets everything and bumps the generation', async () => {
        await store.putEnrolment('u', enrolment('Authenticator app'));
        await store.settleTotpAttempt(totp('u', 100, T0, 1));
        await store.replaceRecoveryCodes('u', ['r1']);
        await store.putDevice('u', device('d1'));
        await store.issueCode(issue('u', 'c1'));
        await lockUser(store, 'u');
        await store.resetUser('u');
        assert.equal(await store.getEnrolment('u'), null);
        assert.equal(await store.getGeneration('u'), 2);
        assert.equal(await store.countRecoveryCodes('u'), 0);
        assert.deepEqual(await store.listDevices('u', T0), []);
        assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
        assert.equal((await store.consumeCode(code('u', 'c1'))).outcome, 'rejected');
        assert.equal((await store.issueCode(issue('u', 'c2'))).outcome, 'issued', 'cooldown forgotten');
        assert.equal((await store.settleTotpAttempt(totp('u', 100, T0, 2))).outcome, 'accepted');
        await store.resetUser('never-seen');
        assert.equal(await store.getGeneration('never-seen'), 1);
      });
    });

    describe('users are isolated', () => {
      it('locks, codes, recovery codes, devices and enrolment belong to one user', async () => {
        await lockUser(store, 'alice');
        assert.deepEqual(await store.getLockState('bob', T0), { failures: 0, lockedUntil: null });
        await store.issueCode(issue('bob', 'c1'));
        await store.replaceRecoveryCodes('bob', ['r1']);
        await store.putDevice('bob', device('d1'));
        await store.putEnrolment('bob', enrolment('Bob'));
        assert.equal((await store.consumeCode(code('carol', 'c1'))).outcome, 'rejected');
        assert.equal((await store.consumeRecoveryCode(recovery('carol', 'r1'))).outcome, 'rejected');
        assert.equal(await store.getDevice('carol', 'd1', T0), null);
        assert.equal(await store.getEnrolment('carol'), null);
        assert.equal(await store.getGeneration('carol'), 0);
        assert.equal((await store.consumeCode(code('bob', 'c1'))).outcome, 'accepted');
      });

      it('ids with braces and colons cannot reach another user', async () => {
        const ids = ['{x}', 'x', '{x', 'x}', 'a:b', 'a', ':', '{}', 'twostep:{x}:lock', 'ü{日本}:'];
        await lockUser(store, ids[0]!);
        await store.putEnrolment('a:b', enrolment('colon'));
        await store.putDevice(ids[9]!, device('d1'));
        for (const id of ids.slice(1)) {
          assert.deepEqual(await store.getLockState(id, T0), { failures: 0, lockedUntil: null }, id);
        }
        assert.equal(await store.getEnrolment('a'), null);
        assert.deepEqual(await store.getEnrolment('a:b'), enrolment('colon'));
        assert.deepEqual(await store.getDevice(ids[9]!, 'd1', T0), device('d1'));
        assert.equal(await store.getDevice('{日本}', 'd1', T0), null);
      });
    });

    describe('under concurrency', () => {
      it('200 parallel wrong codes: exactly maxAttempts compared, the rest locked', async () => {
        await store.issueCode(issue('u', 'right'));
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.consumeCode(code('u', `wrong-${i}`))));
        assert.equal(count(results, 'rejected'), LOCKOUT.maxAttempts);
        assert.equal(count(results, 'locked'), 200 - LOCKOUT.maxAttempts);
      });

      it('200 parallel wrong TOTP attempts: exactly maxAttempts compared, the rest locked', async () => {
        await store.settleTotpAttempt(totp('u', 100));
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.settleTotpAttempt(totp('u', i % 2 === 0 ? null : 100))));
        assert.equal(count(results, 'rejected'), LOCKOUT.maxAttempts);
        assert.equal(count(results, 'locked'), 200 - LOCKOUT.maxAttempts);
      });

      it('100 parallel uses of one code, one recovery code, one TOTP step: exactly one accepted each', async () => {
        const generous: LockoutPolicy = { maxAttempts: 1000, lockSeconds: 60 };
        await store.issueCode(issue('u', 'c1'));
        await store.replaceRecoveryCodes('v', ['r1', 'r2']);
        const [codes, recoveries, steps] = await Promise.all([
          Promise.all(Array.from({ length: 100 }, () => store.consumeCode(code('u', 'c1', T0, 'login', generous)))),
          Promise.all(Array.from({ length: 100 }, () => store.consumeRecoveryCode(recovery('v', 'r1', T0, generous)))),
          Promise.all(Array.from({ length: 100 }, () => store.settleTotpAttempt(totp('w', 7, T0, 0, generous)))),
        ]);
        for (const results of [codes, recoveries, steps]) {
          assert.equal(count(results, 'accepted'), 1);
          assert.equal(count(results, 'rejected'), 99);
        }
        assert.equal(await store.countRecoveryCodes('v'), 1);
      });

      it('100 parallel issues under a cap: exactly the cap issued', async () => {
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, i) => store.issueCode(issue('u', `c${i}`, { purpose: `p${i}`, maxSendsPerHour: 5 }))),
        );
        assert.equal(results.filter((r) => r.outcome === 'issued').length, 5);
        assert.equal(results.filter((r) => r.outcome === 'limit_reached').length, 95);
      });

      it('100 parallel rotations of one device token: exactly one wins', async () => {
        await store.putDevice('u', device('d1'));
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            store.rotateDevice('u', 'd1', { expectedTokenHash: 'token-d1', newTokenHash: `n${i}`, lastUsedAt: T0 + 1, expiresAt: T0 + 86_400_000 }),
          ),
        );
        assert.equal(results.filter(Boolean).length, 1);
      });
    });
  });
}
