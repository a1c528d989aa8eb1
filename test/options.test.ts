import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTwoStep, memoryStore, TwoStepConfigError } from '../src/index.js';

const secret = 'x'.repeat(32);
const users = { id: (u: { id: string }) => u.id };

function throwsConfig(options: unknown, pattern: RegExp) {
  assert.throws(() => createTwoStep(options as never), (error: unknown) => {
    assert.ok(error instanceof TwoStepConfigError, 'a TwoStepConfigError');
    assert.match((error as Error).message, pattern);
    return true;
  });
}

describe('options are validated once, with messages that say the fix', () => {
  it('needs a secret of at least 32 bytes', () => {
    throwsConfig({ users }, /`secret` is required.*openssl rand/);
    throwsConfig({ secret: 'short', users }, /5 bytes; it must be at least 32/);
  });
  it('needs users.id', () => {
    throwsConfig({ secret }, /`users.id` is required/);
    throwsConfig({ secret, users: { id: 'id' } }, /users.id/);
  });
  it('names an unknown option', () => {
    throwsConfig({ secret, users, lockot: {} }, /unknown option "lockout?"|unknown option "lockot"/);
    throwsConfig({ secret, users: { ...users, emial: () => '' } }, /users\.emial/);
    throwsConfig({ secret, users, lockout: { maxAttempt: 3 } }, /lockout\.maxAttempt/);
  });
  it('names a bad value', () => {
    throwsConfig({ secret, users, lockout: { maxAttempts: 0 } }, /lockout\.maxAttempts must be a whole number.*got 0/);
    throwsConfig({ secret, users, lockout: { lockSeconds: '1800' } }, /lockout\.lockSeconds.*got "1800"/);
    throwsConfig({ secret, users, mountPath: '2fa' }, /mountPath must be a path/);
    throwsConfig({ secret, users, mountPath: '//evil' }, /mountPath/);
    throwsConfig({ secret, users, issuer: 'a:b' }, /issuer/);
    throwsConfig({ secret, users, now: 5 }, /now must be a function/);
  });
  it('validates reverifySeconds and defaults it to 5 minutes', () => {
    throwsConfig({ secret, users, reverifySeconds: 0 }, /reverifySeconds must be a whole number between 1 and 86400, got 0/);
    throwsConfig({ secret, users, reverifySeconds: '300' }, /reverifySeconds.*got "300"/);
    throwsConfig({ secret, users, reverifySeconds: 1.5 }, /reverifySeconds/);
    assert.equal(createTwoStep({ secret, users, store: memoryStore() }).options.reverifySeconds, 300);
    assert.equal(createTwoStep({ secret, users, store: memoryStore(), reverifySeconds: 60 }).options.reverifySeconds, 60);
  });
  it('validates delivery, codes, allowedMethods, defaultPhoneCountry and notifications', () => {
    const email = async () => {};
    throwsConfig({ secret, users, delivery: { email: 'smtp://x' } }, /delivery\.email must be a function/);
    throwsConfig({ secret, users, delivery: { fax: email } }, /unknown option "delivery\.fax"/);
    throwsConfig({ secret, users, codes: { ttlSeconds: 0 } }, /codes\.ttlSeconds must be a whole number.*got 0/);
    throwsConfig({ secret, users, codes: { cooldown: 30 } }, /codes\.cooldown/);
    throwsConfig({ secret, users, allowedMethods: ['email'] }, /allowedMethods must be a function/);
    throwsConfig({ secret, users, defaultPhoneCountry: 'UK' }, /defaultPhoneCountry must be a two-letter country code.*"UK"/);
    throwsConfig({ secret, users, notifications: {} }, /set `delivery\.email`.*notifications: false/);
    throwsConfig({ secret, users, delivery: { email }, notifications: { templates: { added: () => ({}) } } }, /notifications\.templates\.added/);
    const twoStep = createTwoStep({ secret, users, delivery: { email } });
    assert.deepEqual({ ...twoStep.options.codes }, { ttlSeconds: 600, cooldownSeconds: 30, maxSendsPerHour: 10 });
    assert.notEqual(twoStep.options.notifications, false, 'on by default with an email transport');
    assert.equal(createTwoStep({ secret, users }).options.notifications, false);
    assert.equal(createTwoStep({ secret, users, delivery: { email }, notifications: false }).options.notifications, false);
  });
  it('returns a frozen copy and leaves the caller\'s object alone', () => {
    const options = { secret, users, store: memoryStore(), lockout: { maxAttempts: 3 } };
    const twoStep = createTwoStep(options);
    assert.deepEqual(options.lockout, { maxAttempts: 3 });
    assert.equal(twoStep.options.lockout.lockSeconds, 1800);
    assert.ok(Object.isFrozen(twoStep.options));
    assert.ok(Object.isFrozen(twoStep.options.lockout));
  });
  it('refuses the memory store in production unless explicitly allowed', () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.throws(() => memoryStore(), /production/);
      assert.throws(() => createTwoStep({ secret, users }), /production/);
      assert.doesNotThrow(() => memoryStore({ dangerouslyAllowInProduction: true }));
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});
