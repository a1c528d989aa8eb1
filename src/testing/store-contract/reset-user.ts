/** resetUser forgets everything that expires about one user, and keeps the version mirror. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0, issue, code, totp, device, lockUser } from './fixtures.js';

export function resetUserContract(): void {
  describe('resetUser', () => {
    it('forgets codes, cooldowns, devices, the lock and recent TOTP steps; keeps the version mirror', async () => {
      await store.noteEnrolmentVersion('u', 3);
      await store.consumeTotpStep(totp('u', 100, T0, 3));
      await store.putDevice('u', device('d1'));
      await store.issueCode(issue('u', 'c1'));
      await lockUser(store, 'u');
      await store.resetUser('u');
      assert.deepEqual(await store.listDevices('u', T0), []);
      assert.deepEqual(await store.getLockState('u', T0), { failures: 0, lockedUntil: null });
      assert.equal((await store.consumeCode(code('u', 'c1'))).outcome, 'rejected');
      assert.equal((await store.issueCode(issue('u', 'c2'))).outcome, 'issued', 'cooldown forgotten');
      assert.equal((await store.consumeTotpStep(totp('u', 100, T0, 3))).outcome, 'accepted', 'step forgotten');
      assert.deepEqual(await store.consumeTotpStep(totp('u', 101, T0, 2)), { outcome: 'stale' }, 'mirror kept');
      await store.resetUser('never-seen');
    });
  });
}
