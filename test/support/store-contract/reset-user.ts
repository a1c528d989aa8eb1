/** resetUser forgets everything about one user and moves the generation on. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.ts';
import { T0, issue, code, totp, enrolment, device, lockUser } from './fixtures.ts';

export function resetUserContract(): void {
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
}
