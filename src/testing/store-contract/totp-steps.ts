/** Settling TOTP attempts: new steps only, stale generations, step retention. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0, totp } from './fixtures.js';

export function totpStepContract(): void {
  describe('TOTP steps', () => {
    it('accepts a new step, rejects and counts the same or an earlier one', async () => {
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100)), { outcome: 'accepted' });
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, T0 + 1)), { outcome: 'rejected', failures: 1, attemptsLeft: 4, lockedUntil: null });
      assert.deepEqual(await store.consumeTotpStep(totp('u', 99, T0 + 2)), { outcome: 'rejected', failures: 2, attemptsLeft: 3, lockedUntil: null });
      assert.deepEqual(await store.consumeTotpStep(totp('u', null, T0 + 3)), { outcome: 'rejected', failures: 3, attemptsLeft: 2, lockedUntil: null });
      assert.deepEqual(await store.consumeTotpStep(totp('u', 101, T0 + 4)), { outcome: 'accepted' });
      assert.deepEqual(await store.getLockState('u', T0 + 4), { failures: 0, lockedUntil: null });
      assert.equal((await store.consumeTotpStep(totp('u', 101, T0 + 5))).outcome, 'rejected');
    });

    it("keeps used steps per method: another method's step is not a replay, its own still is", async () => {
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, T0, 0, undefined, 'old-app')), { outcome: 'accepted' });
      // A new secret (admin reset, second app) in the same 30 s window: accepted.
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, T0 + 1, 0, undefined, 'new-app')), { outcome: 'accepted' });
      assert.deepEqual(await store.consumeTotpStep(totp('u', 99, T0 + 2, 0, undefined, 'third-app')), { outcome: 'accepted' });
      // Each method's own step stays used.
      assert.equal((await store.consumeTotpStep(totp('u', 100, T0 + 3, 0, undefined, 'old-app'))).outcome, 'rejected');
      assert.equal((await store.consumeTotpStep(totp('u', 100, T0 + 4, 0, undefined, 'new-app'))).outcome, 'rejected');
      assert.equal((await store.consumeTotpStep(totp('u', 101, T0 + 5, 0, undefined, 'old-app'))).outcome, 'accepted');
      // Another user's method of the same id is another authenticator.
      assert.equal((await store.consumeTotpStep(totp('v', 100, T0 + 6, 0, undefined, 'old-app'))).outcome, 'accepted');
    });

    it('a version below the mirrored one answers stale and counts nothing', async () => {
      await store.noteEnrolmentVersion('u', 2);
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, T0, 1)), { outcome: 'stale' });
      assert.deepEqual(await store.consumeTotpStep(totp('u', null, T0, 1)), { outcome: 'stale' });
      assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
      // Nor was the step remembered.
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, T0, 2)), { outcome: 'accepted' });
    });

    it('a version above the mirror, or no mirror at all (Redis lost it), is not stale', async () => {
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, T0, 4)), { outcome: 'accepted' });
      await store.noteEnrolmentVersion('u', 3);
      assert.deepEqual(await store.consumeTotpStep(totp('u', 101, T0, 4)), { outcome: 'accepted' });
    });

    it('the mirror never moves back', async () => {
      await store.noteEnrolmentVersion('u', 5);
      await store.noteEnrolmentVersion('u', 3);
      assert.deepEqual(await store.consumeTotpStep(totp('u', 100, T0, 4)), { outcome: 'stale' });
    });

    it('remembers the last step for stepRetentionSeconds', async () => {
      await store.consumeTotpStep(totp('u', 100));
      assert.equal((await store.consumeTotpStep(totp('u', 100, T0 + 90_000 - 1))).outcome, 'rejected');
      assert.equal((await store.consumeTotpStep(totp('u', 100, T0 + 90_000))).outcome, 'accepted');
    });
  });
}
