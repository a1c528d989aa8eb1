import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTwoStep, memoryStore, TwoStepConfigError } from '../src/index.js';
import { internalsOf } from '../src/testing/index.js';

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
  it('takes setupPrompt as a boolean only', () => {
    throwsConfig({ secret, users, setupPrompt: 'no' }, /`setupPrompt` must be true or false.*got "no"/);
    throwsConfig({ secret, users, setupPrompt: 0 }, /`setupPrompt` must be true or false/);
    assert.equal(internalsOf(createTwoStep({ secret, users, store: memoryStore() })).options.setupPrompt, true);
    assert.equal(internalsOf(createTwoStep({ secret, users, store: memoryStore(), setupPrompt: false })).options.setupPrompt, false);
  });

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
  it("checks appCsrf (where the app's CSRF middleware reads its token) and defaults it to _csrf / X-CSRF-Token", () => {
    assert.deepEqual(internalsOf(createTwoStep({ secret, users, store: memoryStore() })).options.appCsrf, { field: '_csrf', header: 'X-CSRF-Token' });
    assert.deepEqual(internalsOf(createTwoStep({ secret, users, store: memoryStore(), appCsrf: { field: 'authenticity_token' } })).options.appCsrf, { field: 'authenticity_token', header: 'X-CSRF-Token' });
    throwsConfig({ secret, users, appCsrf: '_csrf' }, /`appCsrf` must be an object/);
    throwsConfig({ secret, users, appCsrf: { name: '_csrf' } }, /unknown option "appCsrf\.name"\. Known: field, header/);
    throwsConfig({ secret, users, appCsrf: { field: 'a b' } }, /appCsrf\.field must be the form field your CSRF middleware reads.*like "_csrf".*got "a b"/);
    throwsConfig({ secret, users, appCsrf: { field: '' } }, /appCsrf\.field/);
    throwsConfig({ secret, users, appCsrf: { field: '_twostep_csrf' } }, /appCsrf\.field cannot be "_twostep_csrf": that is twostep's own token/);
    throwsConfig({ secret, users, appCsrf: { header: 'X CSRF' } }, /appCsrf\.header must be the header.*like "X-CSRF-Token".*got "X CSRF"/);
    throwsConfig({ secret, users, appCsrf: { header: 'x-twostep-csrf' } }, /appCsrf\.header cannot be "X-TwoStep-CSRF"/);
  });
  it('validates reverifySeconds and defaults it to 5 minutes', () => {
    throwsConfig({ secret, users, reverifySeconds: 0 }, /reverifySeconds must be a whole number between 1 and 86400, got 0/);
    throwsConfig({ secret, users, reverifySeconds: '300' }, /reverifySeconds.*got "300"/);
    throwsConfig({ secret, users, reverifySeconds: 1.5 }, /reverifySeconds/);
    assert.equal(internalsOf(createTwoStep({ secret, users, store: memoryStore() })).options.reverifySeconds, 300);
    assert.equal(internalsOf(createTwoStep({ secret, users, store: memoryStore(), reverifySeconds: 60 })).options.reverifySeconds, 60);
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
    assert.deepEqual({ ...internalsOf(twoStep).options.codes }, { ttlSeconds: 600, cooldownSeconds: 30, maxSendsPerHour: 10 });
    assert.notEqual(internalsOf(twoStep).options.notifications, false, 'on by default with an email transport');
    assert.equal(internalsOf(createTwoStep({ secret, users })).options.notifications, false);
    assert.equal(internalsOf(createTwoStep({ secret, users, delivery: { email }, notifications: false })).options.notifications, false);
  });
  it('notifications.newSignIn: off by default; validated, with the links it needs', () => {
    const email = async () => {};
    const base = { secret, users, store: memoryStore(), delivery: { email } };
    assert.equal(internalsOf(createTwoStep(base)).options.newSignIn, null, 'off by default');
    throwsConfig({ ...base, notifications: { newSignIn: true } }, /notifications\.newSignIn needs an absolute address.*linkBase.*'https:\/\/clinic\.example'/);
    throwsConfig({ ...base, notifications: { newSignIn: 'yes' } }, /notifications\.newSignIn must be true or an object.*got "yes"/);
    throwsConfig({ ...base, notifications: { newSignIn: { linkBase: 'clinic.example' } } }, /linkBase must be your app's absolute address.*got "clinic\.example"/);
    throwsConfig({ ...base, notifications: { newSignIn: { linkBase: 'http://clinic.example' } } }, /is not https.*Use 'https:\/\/clinic\.example'/);
    throwsConfig({ ...base, notifications: { newSignIn: { linkBase: 'https://clinic.example/?x=1' } } }, /without "\?", "#".*"https:\/\/clinic\.example"/);
    throwsConfig({ ...base, notifications: { newSignIn: { linkBase: 'https://clinic.example', minIntervalSeconds: 0 } } }, /notifications\.newSignIn\.minIntervalSeconds must be a whole number/);
    throwsConfig({ ...base, notifications: { newSignIn: { linkBase: 'https://clinic.example', networkMemoryDays: 500 } } }, /notifications\.newSignIn\.networkMemoryDays must be a whole number between 1 and 400/);
    throwsConfig({ ...base, notifications: { newSignIn: { linkBase: 'https://clinic.example', interval: 5 } } }, /unknown option "notifications\.newSignIn\.interval"/);
    throwsConfig({ ...base, notifications: { templates: { newSignIn: 'text' } } }, /notifications\.templates\.newSignIn must be a function/);

    const on = internalsOf(createTwoStep({ ...base, mountPath: '/security', notifications: { newSignIn: { linkBase: 'https://example.com/clinic/' } } })).options;
    assert.deepEqual({ ...on.newSignIn }, { minIntervalSeconds: 3600, networkMemoryDays: 90 });
    assert.deepEqual(on.notifications && { ...on.notifications.newSignInLinks }, {
      signOutEverywhere: 'https://example.com/clinic/security#sessions', securitySettings: 'https://example.com/clinic/security',
    });
    // `true` with passkeys on: the links go to the first WebAuthn origin.
    const withPasskeys = internalsOf(createTwoStep({
      ...base, webauthn: { rpID: 'clinic.example', rpName: 'Clinic', origins: ['https://login.clinic.example'] }, notifications: { newSignIn: true },
    })).options;
    assert.equal(withPasskeys.notifications && withPasskeys.notifications.newSignInLinks?.securitySettings, 'https://login.clinic.example/2fa');
    assert.equal(internalsOf(createTwoStep({ ...base, notifications: { newSignIn: { linkBase: 'http://localhost:3000' } } })).options.newSignIn?.networkMemoryDays, 90, 'http for localhost');

    // A custom counters store written before noteSignIn: refused at start-up, never a silent loss of every alert.
    const { noteSignIn: _left, ...older } = memoryStore();
    throwsConfig({ ...base, store: older, notifications: { newSignIn: { linkBase: 'https://clinic.example' } } }, /notifications\.newSignIn needs the store's noteSignIn\(\).*docs\/storage\.md/);
    assert.doesNotThrow(() => createTwoStep({ ...base, store: older as never }), 'without newSignIn the older store is fine');
  });

  it('refuses bad trusted-network ranges at start-up, naming each one', () => {
    for (const bad of ['010.0.0.0/8', '10.0.0.0/33', '10.1/16', '0x0a.0.0.0/8']) {
      throwsConfig({ secret, users, skipNetworks: ['10.20.0.0/16', bad] }, new RegExp(`skipNetworks.*"${bad.replace(/[./]/g, '\\$&')}"`));
    }
    throwsConfig({ secret, users, skipNetworks: '10.0.0.0/8' }, /skipNetworks` must be an array/);
    assert.ok(createTwoStep({ secret, users, store: memoryStore(), skipNetworks: ['10.20.0.0/16', '2001:db8::/32', '192.0.2.1'] }));
    assert.ok(createTwoStep({ secret, users, store: memoryStore(), skipNetworks: () => [] }));
  });
  it('checks policy and trustedDevices', () => {
    throwsConfig({ secret, users, policy: 'required' }, /policy must be a function/);
    throwsConfig({ secret, users, trustedDevices: { maxAgeSeconds: 0 } }, /trustedDevices\.maxAgeSeconds must be a whole number/);
    throwsConfig({ secret, users, trustedDevices: { maxAge: 5 } }, /unknown option "trustedDevices\.maxAge"/);
    throwsConfig({ secret, users, trustedDevices: { automatic: true } }, /trustedDevices\.automatic must be a function/);
    const { options } = internalsOf(createTwoStep({ secret, users, store: memoryStore() }));
    assert.equal(options.trustedDevices.maxAgeSeconds, 2_592_000);
    assert.equal(options.skipNetworks, null);
  });
  it('checks organisationSettingsCache: a bounded size and age', () => {
    throwsConfig({ secret, users, organisationSettingsCache: { maxEntries: 0 } }, /organisationSettingsCache\.maxEntries must be a whole number between 1 and 1000000, got 0/);
    throwsConfig({ secret, users, organisationSettingsCache: { maxAgeSeconds: 7200 } }, /organisationSettingsCache\.maxAgeSeconds must be a whole number between 1 and 3600, got 7200/);
    throwsConfig({ secret, users, organisationSettingsCache: { ttl: 5 } }, /unknown option "organisationSettingsCache\.ttl". Known: maxEntries, maxAgeSeconds/);
    throwsConfig({ secret, users, organisationSettingsCache: 60 }, /`organisationSettingsCache` must be an object/);
    const { options } = internalsOf(createTwoStep({ secret, users, store: memoryStore() }));
    assert.deepEqual(options.organisationSettingsCache, { maxEntries: 10_000, maxAgeSeconds: undefined });
  });
  it('returns a frozen copy and leaves the caller\'s object alone', () => {
    const options = { secret, users, store: memoryStore(), lockout: { maxAttempts: 3 } };
    const twoStep = createTwoStep(options);
    assert.deepEqual(options.lockout, { maxAttempts: 3 });
    assert.equal(internalsOf(twoStep).options.lockout.lockSeconds, 1800);
    assert.ok(Object.isFrozen(internalsOf(twoStep).options));
    assert.ok(Object.isFrozen(internalsOf(twoStep).options.lockout));
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
