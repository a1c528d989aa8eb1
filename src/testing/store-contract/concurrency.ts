/** Under concurrency: every limit and every single use holds under parallel calls. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LockoutPolicy } from '../../store/types.js';
import { store } from './current-store.js';
import { T0, LOCKOUT, issue, code, totp, device, failure, count } from './fixtures.js';

export function concurrencyContract(): void {
  describe('under concurrency', () => {
    it('200 parallel wrong codes: exactly maxAttempts compared, the rest locked', async () => {
      await store.issueCode(issue('u', 'right'));
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.consumeCode(code('u', `wrong-${i}`))));
      assert.equal(count(results, 'rejected'), LOCKOUT.maxAttempts);
      assert.equal(count(results, 'locked'), 200 - LOCKOUT.maxAttempts);
    });

    it('200 parallel wrong TOTP attempts: exactly maxAttempts compared, the rest locked', async () => {
      await store.consumeTotpStep(totp('u', 100));
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.consumeTotpStep(totp('u', i % 2 === 0 ? null : 100))));
      assert.equal(count(results, 'rejected'), LOCKOUT.maxAttempts);
      assert.equal(count(results, 'locked'), 200 - LOCKOUT.maxAttempts);
    });

    it('100 parallel uses of one code and one TOTP step: exactly one accepted each', async () => {
      const generous: LockoutPolicy = { maxAttempts: 1000, lockSeconds: 60 };
      await store.issueCode(issue('u', 'c1'));
      const [codes, steps] = await Promise.all([
        Promise.all(Array.from({ length: 100 }, () => store.consumeCode(code('u', 'c1', T0, 'login', generous)))),
        Promise.all(Array.from({ length: 100 }, () => store.consumeTotpStep(totp('w', 7, T0, 0, generous)))),
      ]);
      for (const results of [codes, steps]) {
        assert.equal(count(results, 'accepted'), 1);
        assert.equal(count(results, 'rejected'), 99);
      }
    });

    it('200 parallel reservations (recordFailure): exactly maxAttempts reserved, the rest locked', async () => {
      const results = await Promise.all(Array.from({ length: 200 }, () => store.recordFailure(failure('u'))));
      assert.equal(count(results, 'rejected'), LOCKOUT.maxAttempts);
      assert.equal(count(results, 'locked'), 200 - LOCKOUT.maxAttempts);
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
}
