/** Users are isolated, whatever characters their ids hold. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0, issue, code, totp, device, lockUser } from './fixtures.js';

export function userIsolationContract(): void {
  describe('users are isolated', () => {
    it('locks, codes, devices and version mirrors belong to one user', async () => {
      await lockUser(store, 'alice');
      assert.deepEqual(await store.getLockState('bob', T0), { failures: 0, lockedUntil: null });
      await store.issueCode(issue('bob', 'c1'));
      await store.putDevice('bob', device('d1'));
      await store.noteEnrolmentVersion('bob', 9);
      assert.equal((await store.consumeCode(code('carol', 'c1'))).outcome, 'rejected');
      assert.equal(await store.getDevice('carol', 'd1', T0), null);
      assert.equal((await store.consumeTotpStep(totp('carol', 100, T0, 1))).outcome, 'accepted');
      assert.equal((await store.consumeCode(code('bob', 'c1'))).outcome, 'accepted');
    });

    it('ids with braces and colons cannot reach another user', async () => {
      const ids = ['{x}', 'x', '{x', 'x}', 'a:b', 'a', ':', '{}', 'twostep:{x}:lock', 'ü{日本}:'];
      await lockUser(store, ids[0]!);
      await store.noteEnrolmentVersion('a:b', 7);
      await store.putDevice(ids[9]!, device('d1'));
      for (const id of ids.slice(1)) {
        assert.deepEqual(await store.getLockState(id, T0), { failures: 0, lockedUntil: null }, id);
      }
      assert.equal((await store.consumeTotpStep(totp('a', 100, T0, 1))).outcome, 'accepted');
      assert.deepEqual(await store.consumeTotpStep(totp('a:b', 100, T0, 1)), { outcome: 'stale' });
      assert.deepEqual(await store.getDevice(ids[9]!, 'd1', T0), device('d1'));
      assert.equal(await store.getDevice('{日本}', 'd1', T0), null);
    });
  });
}
