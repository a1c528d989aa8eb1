/**
 * The contract every `EnrolmentStore` passes — memory, Redis and PostgreSQL here, and any
 * adapter an app writes (Prisma, Drizzle, Knex, MongoDB). It registers `node:test` tests:
 *
 *   import { enrolmentStoreContract } from 'twostep/testing';
 *   enrolmentStoreContract('knex', async () => ({ store: knexEnrolments(db), cleanup: () => db('...').truncate() }));
 *
 * and run it with `node --test`. A fresh store (or an emptied one) is made before every test.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EnrolmentRecord, EnrolmentStore } from '../enrolments/types.js';
import type { Enrolment } from '../enrolments/records.js';

export interface EnrolmentStoreUnderTest {
  store: EnrolmentStore;
  /** Drops what the test wrote (a schema, a table's rows, a key prefix). */
  cleanup?(): Promise<void>;
}

const T0 = 1_700_000_000_000;

function sample(label: string): Enrolment {
  return {
    enabled: true,
    methods: [
      { id: 'm1', type: 'totp', label, primary: true, confirmed: true, createdAt: T0, sealedSecret: 'v1.sealed-secret' },
      { id: 'm2', type: 'email', label: 'a•••@example.com', primary: false, confirmed: false, createdAt: T0, pendingUntil: T0 + 600_000, address: 'a@example.com' },
    ],
    promptDismissed: true,
    updatedAt: T0,
  };
}

/**
 * A record without `lastUsed`, for comparing the rest exactly: keeping last uses is optional
 * for an adapter (the "last use of each method" tests hold one that keeps them to it).
 */
function withoutLastUsed(record: EnrolmentRecord | null): Omit<EnrolmentRecord, 'lastUsed'> | null {
  if (record === null) return null;
  const { lastUsed: _lastUsed, ...rest } = record;
  return rest;
}

export function enrolmentStoreContract(name: string, make: () => Promise<EnrolmentStoreUnderTest>): void {
  describe(`${name} enrolment store contract`, () => {
    let store: EnrolmentStore;
    let cleanup: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ store, cleanup } = await make());
    });
    afterEach(async () => {
      await cleanup?.();
    });

    describe('records', () => {
      it('a user never written has no record', async () => {
        assert.equal(await store.read('nobody'), null);
      });

      it('the first write expects version 0 and makes version 1; reads round-trip every field', async () => {
        assert.equal(await store.write('u', 0, sample('Authenticator app — ünïcödé ✓ "quoted"')), 1);
        assert.deepEqual(withoutLastUsed(await store.read('u')), {
          version: 1, enrolment: sample('Authenticator app — ünïcödé ✓ "quoted"'), recoveryCodesLeft: 0, totpSteps: {},
        });
      });

      it('each write moves the version by one and replaces the whole enrolment', async () => {
        await store.write('u', 0, sample('one'));
        const next: Enrolment = { enabled: false, methods: [], setupRequired: true, updatedAt: T0 + 1 };
        assert.equal(await store.write('u', 1, next), 2);
        assert.deepEqual(withoutLastUsed(await store.read('u')), { version: 2, enrolment: next, recoveryCodesLeft: 0, totpSteps: {} });
      });

      it('a write against an old version is refused and changes nothing', async () => {
        await store.write('u', 0, sample('one'));
        await store.write('u', 1, sample('two'));
        assert.equal(await store.write('u', 1, sample('lost')), null);
        assert.equal(await store.write('u', 0, sample('lost')), null, 'a second "first write" is refused too');
        assert.equal(await store.write('u', 7, sample('lost')), null, 'so is a version from the future');
        assert.deepEqual((await store.read('u'))?.enrolment, sample('two'));
        assert.equal((await store.read('u'))?.version, 2);
      });

      it('keeps its own copy: callers cannot mutate stored state', async () => {
        const input = sample('original');
        await store.write('u', 0, input);
        input.methods[0]!.label = 'changed after write';
        const output = await store.read('u');
        output!.enrolment.methods.pop();
        assert.deepEqual((await store.read('u'))?.enrolment, sample('original'));
      });

      it('20 parallel writes from one version: exactly one wins', async () => {
        await store.write('u', 0, sample('start'));
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.write('u', 1, sample(`w${i}`))));
        const winners = results.filter((version) => version !== null);
        assert.deepEqual(winners, [2]);
        const winner = results.findIndex((version) => version === 2);
        assert.deepEqual((await store.read('u'))?.enrolment, sample(`w${winner}`));
      });

      it('20 parallel first writes: exactly one creates the record', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.write('new', 0, sample(`w${i}`))));
        assert.equal(results.filter((version) => version === 1).length, 1);
        assert.equal(results.filter((version) => version === null).length, 19);
      });
    });

    describe('recovery codes', () => {
      it('each works once; the count goes down; the version does not move', async () => {
        await store.write('u', 0, sample('x'));
        await store.replaceRecoveryCodes('u', ['r1', 'r2', 'r3']);
        assert.equal((await store.read('u'))?.recoveryCodesLeft, 3);
        assert.deepEqual(await store.consumeRecoveryCode('u', 'r2'), { consumed: true, remaining: 2 });
        assert.deepEqual(await store.consumeRecoveryCode('u', 'r2'), { consumed: false, remaining: 2 });
        assert.deepEqual(await store.consumeRecoveryCode('u', 'nope'), { consumed: false, remaining: 2 });
        assert.deepEqual(withoutLastUsed(await store.read('u')), { version: 1, enrolment: sample('x'), recoveryCodesLeft: 2, totpSteps: {} });
      });

      it('replacing kills every earlier code; an empty list deletes them all', async () => {
        await store.write('u', 0, sample('x'));
        await store.replaceRecoveryCodes('u', ['r1', 'r2']);
        await store.replaceRecoveryCodes('u', ['n1']);
        assert.equal((await store.consumeRecoveryCode('u', 'r1')).consumed, false);
        assert.deepEqual(await store.consumeRecoveryCode('u', 'n1'), { consumed: true, remaining: 0 });
        await store.replaceRecoveryCodes('u', ['y']);
        await store.replaceRecoveryCodes('u', []);
        assert.equal((await store.read('u'))?.recoveryCodesLeft, 0);
        assert.deepEqual(await store.consumeRecoveryCode('nobody', 'y'), { consumed: false, remaining: 0 });
      });

      it('50 parallel uses of one code: exactly one consumes it', async () => {
        await store.write('u', 0, sample('x'));
        await store.replaceRecoveryCodes('u', ['r1', 'r2']);
        const results = await Promise.all(Array.from({ length: 50 }, () => store.consumeRecoveryCode('u', 'r1')));
        assert.equal(results.filter((r) => r.consumed).length, 1);
        assert.equal((await store.read('u'))?.recoveryCodesLeft, 1);
      });
    });

    describe('last TOTP step of each method', () => {
      it('only moves forward, only at the current version, and never moves the version', async () => {
        await store.write('u', 0, sample('x'));
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 100), true);
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 100), false, 'the same step again is a replay');
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 99), false, 'an earlier step too');
        assert.equal(await store.advanceTotpStep('u', 2, 'm1', 101), false, 'a version that does not exist');
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 101), true);
        assert.deepEqual(withoutLastUsed(await store.read('u')), { version: 1, enrolment: sample('x'), recoveryCodesLeft: 0, totpSteps: { m1: 101 } });
        await store.write('u', 1, sample('y'));
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 102), false, 'an old snapshot cannot move it');
        assert.equal(await store.advanceTotpStep('u', 2, 'm1', 101), false, 'a write keeps the last step of a method it keeps');
        assert.equal(await store.advanceTotpStep('u', 2, 'm1', 102), true);
        assert.equal(await store.advanceTotpStep('nobody', 0, 'm1', 1), false);
      });

      it("belongs to one method: another method's used steps never refuse it (a new secret starts with none)", async () => {
        const twoApps = sample('x');
        twoApps.methods.push({ id: 'm3', type: 'totp', label: 'Second app', primary: false, confirmed: true, createdAt: T0, sealedSecret: 'v1.other-secret' });
        await store.write('u', 0, twoApps);
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 100), true);
        assert.equal(await store.advanceTotpStep('u', 1, 'm3', 99), true, "a step before another method's last is not a replay");
        assert.equal(await store.advanceTotpStep('u', 1, 'm3', 100), true, 'nor the same step from another secret');
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 100), false, "the first method's step stays used");
        assert.equal(await store.advanceTotpStep('u', 1, 'm3', 100), false);
        assert.deepEqual((await store.read('u'))?.totpSteps, { m1: 100, m3: 100 });
      });

      it('a write drops the used steps of methods it removes, and keeps the others', async () => {
        const twoApps = sample('x');
        twoApps.methods.push({ id: 'm3', type: 'totp', label: 'Second app', primary: false, confirmed: true, createdAt: T0, sealedSecret: 'v1.other-secret' });
        await store.write('u', 0, twoApps);
        await store.advanceTotpStep('u', 1, 'm1', 100);
        await store.advanceTotpStep('u', 1, 'm3', 200);
        // The second app is removed.
        assert.equal(await store.write('u', 1, sample('x')), 2);
        assert.deepEqual((await store.read('u'))?.totpSteps, { m1: 100 });
        // An admin reset: no methods at all.
        assert.equal(await store.write('u', 2, { enabled: false, methods: [], updatedAt: T0 }), 3);
        assert.deepEqual((await store.read('u'))?.totpSteps, {});
      });

      it('50 parallel advances to one step: exactly one succeeds', async () => {
        await store.write('u', 0, sample('x'));
        const results = await Promise.all(Array.from({ length: 50 }, () => store.advanceTotpStep('u', 1, 'm1', 500)));
        assert.equal(results.filter(Boolean).length, 1);
      });
    });

    describe('last use of each method (a store with recordMethodUse keeps them)', () => {
      const keeps = (t: { skip(message: string): void }) => {
        if (typeof store.recordMethodUse === 'function') return true;
        t.skip('this store keeps no last uses (no recordMethodUse)');
        return false;
      };

      it('an accepted TOTP step, a consumed recovery code and a sent code record when; a refused one records nothing', async (t) => {
        if (!keeps(t)) return;
        await store.write('u', 0, sample('x'));
        await store.replaceRecoveryCodes('u', ['r1']);
        assert.deepEqual((await store.read('u'))?.lastUsed, {});
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 100, T0 + 1000), true);
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 100, T0 + 9000), false);
        assert.equal(await store.advanceTotpStep('u', 2, 'm1', 101, T0 + 9000), false);
        assert.equal((await store.consumeRecoveryCode('u', 'nope', T0 + 9000)).consumed, false);
        assert.deepEqual((await store.read('u'))?.lastUsed, { m1: T0 + 1000 }, 'refused answers recorded a use');
        assert.equal((await store.consumeRecoveryCode('u', 'r1', T0 + 2000)).consumed, true);
        await store.recordMethodUse!('u', 'm2', T0 + 3000);
        const record = await store.read('u');
        assert.deepEqual(record?.lastUsed, { m1: T0 + 1000, recovery: T0 + 2000, m2: T0 + 3000 });
        assert.equal(record?.version, 1, 'a use never moves the version');
      });

      it('only moves forward; without a time nothing is recorded; a user without a record gets none', async (t) => {
        if (!keeps(t)) return;
        await store.write('u', 0, sample('x'));
        await store.recordMethodUse!('u', 'm2', T0 + 5000);
        await store.recordMethodUse!('u', 'm2', T0 + 4000);
        assert.equal(await store.advanceTotpStep('u', 1, 'm1', 100), true);
        assert.deepEqual((await store.read('u'))?.lastUsed, { m2: T0 + 5000 });
        await store.recordMethodUse!('nobody', 'm1', T0);
        assert.equal(await store.read('nobody'), null, 'recording a use made a record');
      });

      it('a write drops the last uses of methods it removes; the recovery codes\' stays', async (t) => {
        if (!keeps(t)) return;
        await store.write('u', 0, sample('x'));
        await store.replaceRecoveryCodes('u', ['r1']);
        await store.advanceTotpStep('u', 1, 'm1', 100, T0 + 1000);
        await store.recordMethodUse!('u', 'm2', T0 + 2000);
        await store.consumeRecoveryCode('u', 'r1', T0 + 3000);
        assert.equal(await store.write('u', 1, { enabled: true, methods: [sample('x').methods[1]!], updatedAt: T0 }), 2);
        assert.deepEqual((await store.read('u'))?.lastUsed, { m2: T0 + 2000, recovery: T0 + 3000 });
      });
    });

    describe('users are isolated', () => {
      it('whatever characters their ids hold', async () => {
        const ids = ['{x}', 'x', 'a:b', 'a', "o'brien", 'ü{日本}:', '1', '01'];
        for (const [i, id] of ids.entries()) {
          assert.equal(await store.write(id, 0, sample(`user ${i}`)), 1);
          await store.replaceRecoveryCodes(id, [`r-${i}`]);
        }
        for (const [i, id] of ids.entries()) {
          assert.deepEqual(withoutLastUsed(await store.read(id)), { version: 1, enrolment: sample(`user ${i}`), recoveryCodesLeft: 1, totpSteps: {} });
          assert.equal((await store.consumeRecoveryCode(id, `r-${(i + 1) % ids.length}`)).consumed, false);
        }
        assert.equal(await store.advanceTotpStep('a', 1, 'm1', 5), true);
        assert.deepEqual((await store.read('a:b'))?.totpSteps, {});
      });
    });
  });
}
