/**
 * Attempts with the client address's window (`AttemptInput.window`): decided with the attempt,
 * after the lock; only a counted failure takes a place; a full window refuses before anything
 * is compared or counted for the user. On a Cluster this is the store's reserve + release.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { code, count, failure, issue, lockUser, T0, totp } from './fixtures.js';

let members = 0;
const BIG_LOCKOUT = { maxAttempts: 100, lockSeconds: 1800 };
const window = (max = 3, key = 'answers.addr1') => ({ key, windowSeconds: 900, max, member: `a${(members += 1)}` });

export function attemptWindowsContract(): void {
  describe('attempts with the client address window', () => {
    it('counted failures fill the window; then `limited`, and nothing more is counted for the user', async () => {
      for (let i = 0; i < 3; i += 1) {
        assert.equal((await store.recordFailure({ ...failure(`u${i}`, T0 + i), window: window() })).outcome, 'rejected');
      }
      assert.deepEqual(await store.recordFailure({ ...failure('u9', T0 + 10), window: window() }), { outcome: 'limited', retryAt: T0 + 900_000 });
      assert.equal((await store.getLockState('u9', T0 + 10)).failures, 0, 'not counted for the user');
      assert.equal((await store.recordFailure({ ...failure('u9', T0 + 10), window: window(3, 'answers.addr2') })).outcome, 'rejected', 'another address');
      assert.equal((await store.recordFailure({ ...failure('u9', T0 + 900_000), window: window() })).outcome, 'rejected', 'the window slid');
    });

    it('right answers take no place: a TOTP step accepted, a code consumed', async () => {
      await store.recordFailure({ ...failure('u', T0), window: window(2) });
      assert.equal((await store.consumeTotpStep({ ...totp('u', 100, T0 + 1), window: window(2) })).outcome, 'accepted');
      await store.issueCode(issue('v', 'right'));
      assert.equal((await store.consumeCode({ ...code('v', 'right', T0 + 2), window: window(2) })).outcome, 'accepted');
      assert.equal((await store.consumeCode({ ...code('v', 'wrong', T0 + 3), window: window(2) })).outcome, 'rejected');
      assert.equal((await store.consumeTotpStep({ ...totp('u', null, T0 + 4), window: window(2) })).outcome, 'limited');
      assert.equal((await store.consumeCode({ ...code('v', 'wrong', T0 + 5), window: window(2) })).outcome, 'limited');
    });

    it('a full window refuses right answers too; a locked account answers `locked` and takes no place', async () => {
      const locked = await lockUser(store, 'locked');
      assert.deepEqual(await store.recordFailure({ ...failure('locked', T0 + 1), window: window(1) }), { outcome: 'locked', lockedUntil: locked });
      assert.equal((await store.recordFailure({ ...failure('u', T0 + 2), window: window(1) })).outcome, 'rejected');
      assert.equal((await store.consumeTotpStep({ ...totp('w', 100, T0 + 3), window: window(1) })).outcome, 'limited');
    });

    it('a released reservation frees its place', async () => {
      const first = window(1);
      assert.equal((await store.recordFailure({ ...failure('u', T0), window: first })).outcome, 'rejected');
      assert.equal((await store.recordFailure({ ...failure('u', T0 + 1), window: window(1) })).outcome, 'limited');
      await store.releaseWindowSlot({ key: first.key, member: first.member });
      assert.equal((await store.recordFailure({ ...failure('u', T0 + 2), window: window(1) })).outcome, 'rejected');
    });

    it('of many parallel wrong answers from one address, exactly the window\'s max are compared', async () => {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) =>
        store.recordFailure({ ...failure(`p${i % 3}`, T0, BIG_LOCKOUT), window: window(7) })));
      assert.equal(count(results, 'rejected'), 7);
      assert.equal(count(results, 'limited'), 23);
    });
  });
}
