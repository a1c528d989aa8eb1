/** The assurance rules on plain values: which factors count, for how long, and for whom. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assuranceHolds, confirmedWithin, realFactorWithin, reverifiedWith, signedInWith } from '../src/core/assurance.js';

const NOW = Date.UTC(2026, 10, 29, 20, 0, 0);

describe('assurance rules', () => {
  it('counts a code or a recovery code as a real factor, never an IP skip, a trusted device or the password alone', () => {
    for (const factor of ['totp', 'email', 'sms', 'recovery']) {
      assert.equal(realFactorWithin(signedInWith('u1', factor, NOW - 1000), NOW, 60), true, factor);
    }
    for (const factor of ['ip', 'device']) {
      assert.equal(realFactorWithin({ userId: 'u1', amr: ['pwd', factor], verifiedAt: NOW }, NOW, 60), false, factor);
      assert.equal(confirmedWithin({ userId: 'u1', amr: ['pwd', factor], verifiedAt: NOW }, NOW, 60), false, factor);
    }
    assert.equal(realFactorWithin({ userId: 'u1', amr: ['pwd'], verifiedAt: null }, NOW, 60), false);
  });

  it('holds for the window and not a moment longer, nor for an instant in the future', () => {
    const marker = signedInWith('u1', 'totp', NOW - 60_000);
    assert.equal(realFactorWithin(marker, NOW, 60), true);
    assert.equal(realFactorWithin(marker, NOW + 1, 60), false);
    assert.equal(realFactorWithin(signedInWith('u1', 'totp', NOW + 1000), NOW, 60), false);
  });

  it('lets a password re-verification confirm a sensitive change but not satisfy step-up', () => {
    const old = signedInWith('u1', 'totp', NOW - 3_600_000);
    const byPassword = reverifiedWith(old, undefined, NOW);
    assert.equal(confirmedWithin(byPassword, NOW, 300), true);
    assert.equal(realFactorWithin(byPassword, NOW, 300), false);
    const byCode = reverifiedWith(old, 'recovery', NOW);
    assert.equal(realFactorWithin(byCode, NOW, 300), true);
    assert.deepEqual(byCode.amr, ['pwd', 'recovery']);
  });

  it('binds a verification to its user', () => {
    const marker = signedInWith('u1', 'totp', NOW);
    assert.equal(assuranceHolds(marker, 'u1'), true);
    assert.equal(assuranceHolds(marker, 'u2'), false);
    assert.equal(assuranceHolds(undefined, 'u1'), false);
  });
});
