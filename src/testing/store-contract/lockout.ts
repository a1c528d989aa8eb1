/** Lockout: counting failures, locking on the last allowed one, and what a lock holds back. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0, LOCK_MS, issue, code, totp, failure, lockUser } from './fixtures.js';

export function lockoutContract(): void {
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
      await store.issueCode(issue('u', 'c1'));
      const later = T0 + 60_000;
      assert.deepEqual(await store.recordFailure(failure('u', later)), { outcome: 'locked', lockedUntil });
      assert.deepEqual(await store.consumeCode(code('u', 'c1', later)), { outcome: 'locked', lockedUntil });
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, later)), { outcome: 'locked', lockedUntil });
      // Locked comes before the version check too.
      await store.noteEnrolmentVersion('u', 5);
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, later, 1)), { outcome: 'locked', lockedUntil });
      assert.deepEqual(await store.getLockState('u', later), { failures: 0, lockedUntil });
      // The valid code was not compared, so it still works once the lock is lifted.
      await store.clearLock('u');
      assert.deepEqual(await store.consumeCode(code('u', 'c1', later)), { outcome: 'accepted' });
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
      await store.issueCode(issue('u', 'c1'));
      for (let i = 0; i < 4; i++) await store.recordFailure(failure('u'));
      assert.equal((await store.consumeCode(code('u', 'c1'))).outcome, 'accepted');
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

    it('clearFailures forgets failures but keeps a lock in force', async () => {
      await store.recordFailure(failure('u'));
      await store.recordFailure(failure('u'));
      await store.clearFailures('u', T0);
      assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
      const lockedUntil = await lockUser(store, 'u');
      await store.clearFailures('u', T0 + 1);
      assert.deepEqual(await store.getLockState('u', T0 + 1), { failures: 0, lockedUntil });
      assert.deepEqual(await store.recordFailure(failure('u', T0 + 2)), { outcome: 'locked', lockedUntil });
      await store.clearFailures('nobody', T0);
    });

    it('issuing a code does not lift a lock', async () => {
      const lockedUntil = await lockUser(store, 'u');
      assert.equal((await store.issueCode(issue('u', 'c1', { nowMs: T0 + 1 }))).outcome, 'issued');
      assert.deepEqual(await store.consumeCode(code('u', 'c1', T0 + 2)), { outcome: 'locked', lockedUntil });
      assert.deepEqual(await store.getLockState('u', T0 + 2), { failures: 0, lockedUntil });
    });
  });
}
