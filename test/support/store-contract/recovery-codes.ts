/** Recovery codes: each works once, and replacing kills every earlier one. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.ts';
import { recovery } from './fixtures.ts';

export function recoveryCodesContract(): void {
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
}
