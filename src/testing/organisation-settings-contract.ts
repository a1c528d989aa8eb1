/**
 * The contract every `OrganisationSettingsStore` passes — memory, Redis and PostgreSQL here,
 * and any adapter an app writes. It registers `node:test` tests:
 *
 *   import { organisationSettingsStoreContract } from 'twostep/testing';
 *   organisationSettingsStoreContract('knex', async () => ({ store: knexSettings(db), cleanup: () => db('...').truncate() }));
 *
 * A fresh store (or an emptied one) is made before every test.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OrganisationSettings, OrganisationSettingsChange } from '../organisations/settings.js';
import type { OrganisationSettingsStore } from '../organisations/types.js';

export interface OrganisationSettingsStoreUnderTest {
  store: OrganisationSettingsStore;
  /** Drops what the test wrote (a schema, a table's rows, a key prefix). */
  cleanup?(): Promise<void>;
}

const T0 = 1_700_000_000_123;

function sample(n: number): OrganisationSettings {
  return {
    enforcement: n % 3 === 0 ? 'all' : n % 3 === 1 ? { roles: [`role-${n}`, 'Front desk — réception ✓'] } : 'off',
    graceDays: n % 15,
    allowedMethods: n % 2 === 0 ? ['email'] : ['totp', 'email', 'webauthn'],
    skipNetworks: n % 2 === 0 ? [`10.${n % 256}.0.0/16`, '2001:db8::/32'] : [],
    trustedDeviceDays: n % 31,
  };
}

/** Each entry's `before` is the previous entry's `after`: no write was lost or applied over another. */
function assertChained(history: OrganisationSettingsChange[], count: number): void {
  const oldestFirst = [...history].reverse();
  assert.equal(oldestFirst.length, count);
  oldestFirst.forEach((change, i) => {
    assert.equal(change.version, i + 1);
    assert.deepEqual(change.before, i === 0 ? null : oldestFirst[i - 1]!.after, `entry ${i + 1} starts where entry ${i} ended`);
  });
}

export function organisationSettingsStoreContract(name: string, make: () => Promise<OrganisationSettingsStoreUnderTest>): void {
  describe(`${name} organisation settings store contract`, () => {
    let store: OrganisationSettingsStore;
    let cleanup: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ store, cleanup } = await make());
    });
    afterEach(async () => {
      await cleanup?.();
    });

    describe('records', () => {
      it('an organisation never written has no record and no history', async () => {
        assert.equal(await store.read('nowhere'), null);
        assert.deepEqual(await store.history('nowhere'), []);
        assert.deepEqual([...await store.readMany(['nowhere'])], []);
      });

      it('the first write makes version 1; reads round-trip every field, who and when', async () => {
        const record = await store.write('clinic', sample(1), { by: 'admin-ü', at: T0 });
        const expected = { ...sample(1), version: 1, updatedAt: T0, updatedBy: 'admin-ü' };
        assert.deepEqual(record, expected);
        assert.deepEqual(await store.read('clinic'), expected);
        assert.deepEqual(await store.history('clinic'), [{ version: 1, at: T0, by: 'admin-ü', before: null, after: sample(1) }]);
      });

      it('each write moves the version by one, replaces the settings and appends what it replaced', async () => {
        await store.write('clinic', sample(1), { by: 'a', at: T0 });
        await store.write('clinic', sample(2), { by: 'b', at: T0 + 1 });
        assert.deepEqual(await store.write('clinic', sample(3), { by: 'c', at: T0 + 2 }), { ...sample(3), version: 3, updatedAt: T0 + 2, updatedBy: 'c' });
        assert.deepEqual(await store.read('clinic'), { ...sample(3), version: 3, updatedAt: T0 + 2, updatedBy: 'c' });
        assert.deepEqual(await store.history('clinic'), [
          { version: 3, at: T0 + 2, by: 'c', before: sample(2), after: sample(3) },
          { version: 2, at: T0 + 1, by: 'b', before: sample(1), after: sample(2) },
          { version: 1, at: T0, by: 'a', before: null, after: sample(1) },
        ]);
      });

      it('with expectedVersion, a write on an old version is refused and changes nothing, history included', async () => {
        assert.equal((await store.write('clinic', sample(1), { by: 'a', at: T0, expectedVersion: 0 }))?.version, 1);
        assert.equal((await store.write('clinic', sample(2), { by: 'a', at: T0, expectedVersion: 1 }))?.version, 2);
        assert.equal(await store.write('clinic', sample(9), { by: 'x', at: T0, expectedVersion: 1 }), null);
        assert.equal(await store.write('clinic', sample(9), { by: 'x', at: T0, expectedVersion: 0 }), null, 'a second "first write" is refused');
        assert.equal(await store.write('clinic', sample(9), { by: 'x', at: T0, expectedVersion: 7 }), null, 'so is a version from the future');
        assert.equal(await store.write('new', sample(9), { by: 'x', at: T0, expectedVersion: 1 }), null, 'and a version of nothing');
        assert.deepEqual(await store.read('clinic'), { ...sample(2), version: 2, updatedAt: T0, updatedBy: 'a' });
        assert.equal((await store.history('clinic')).length, 2);
        assert.equal(await store.read('new'), null);
        assert.deepEqual(await store.history('new'), []);
      });

      it('keeps its own copy: callers cannot mutate stored state', async () => {
        const input = sample(1);
        await store.write('clinic', input, { by: 'a', at: T0 });
        input.skipNetworks.push('0.0.0.0/0');
        input.allowedMethods.pop();
        const output = await store.read('clinic');
        output!.skipNetworks.push('0.0.0.0/0');
        (await store.history('clinic'))[0]!.after.allowedMethods.pop();
        assert.deepEqual(await store.read('clinic'), { ...sample(1), version: 1, updatedAt: T0, updatedBy: 'a' });
        assert.deepEqual((await store.history('clinic'))[0]!.after, sample(1));
      });

      it('stores only the five settings, whatever else the object carries', async () => {
        await store.write('clinic', { ...sample(1), version: 99, updatedBy: 'forged', extra: true } as OrganisationSettings, { by: 'a', at: T0 });
        assert.deepEqual(await store.read('clinic'), { ...sample(1), version: 1, updatedAt: T0, updatedBy: 'a' });
      });

      it('readMany answers the organisations that have settings, in one call', async () => {
        await store.write('a', sample(1), { by: 'x', at: T0 });
        await store.write('c', sample(2), { by: 'y', at: T0 + 5 });
        const found = await store.readMany(['a', 'b', 'c']);
        assert.deepEqual([...found.keys()].sort(), ['a', 'c']);
        assert.deepEqual(found.get('c'), { ...sample(2), version: 1, updatedAt: T0 + 5, updatedBy: 'y' });
        assert.deepEqual([...await store.readMany([])], []);
      });
    });

    describe('history', () => {
      it('pages newest first by limit and beforeVersion', async () => {
        for (let i = 1; i <= 7; i += 1) await store.write('clinic', sample(i), { by: `admin-${i}`, at: T0 + i });
        const versions = (changes: OrganisationSettingsChange[]) => changes.map((c) => c.version);
        assert.deepEqual(versions(await store.history('clinic', { limit: 3 })), [7, 6, 5]);
        assert.deepEqual(versions(await store.history('clinic', { limit: 3, beforeVersion: 5 })), [4, 3, 2]);
        assert.deepEqual(versions(await store.history('clinic', { limit: 3, beforeVersion: 2 })), [1]);
        assert.deepEqual(versions(await store.history('clinic', { limit: 3, beforeVersion: 1 })), []);
        assert.deepEqual(versions(await store.history('clinic', { beforeVersion: 100 })), [7, 6, 5, 4, 3, 2, 1]);
        assertChained(await store.history('clinic'), 7);
      });
    });

    describe('concurrent writes', () => {
      it('20 parallel conflicting writes: all applied one after the other; the record is the last, the history complete and chained', async () => {
        await store.write('clinic', sample(0), { by: 'first', at: T0 });
        const writes = Array.from({ length: 20 }, (_, i) => store.write('clinic', sample(i + 1), { by: `admin-${i + 1}`, at: T0 + i + 1 }));
        const results = await Promise.all(writes);
        assert.deepEqual(results.map((r) => r?.version).sort((a, b) => a! - b!), Array.from({ length: 20 }, (_, i) => i + 2));
        const history = await store.history('clinic', { limit: 100 });
        assertChained(history, 21);
        const record = await store.read('clinic');
        assert.equal(record?.version, 21);
        assert.deepEqual(record, { ...history[0]!.after, version: 21, updatedAt: history[0]!.at, updatedBy: history[0]!.by }, 'the record is the last write, whole');
        assert.deepEqual(history.slice(0, 20).map((c) => c.by).sort(), Array.from({ length: 20 }, (_, i) => `admin-${i + 1}`).sort());
      });

      it('20 parallel first writes: one creates the record, the others follow it', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.write('new', sample(i), { by: `admin-${i}`, at: T0 })));
        assert.deepEqual(results.map((r) => r?.version).sort((a, b) => a! - b!), Array.from({ length: 20 }, (_, i) => i + 1));
        assertChained(await store.history('new', { limit: 100 }), 20);
      });

      it('20 parallel writes expecting one version: exactly one wins, and only it is in the history', async () => {
        await store.write('clinic', sample(0), { by: 'first', at: T0 });
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.write('clinic', sample(i + 1), { by: `admin-${i + 1}`, at: T0 + 1, expectedVersion: 1 })));
        const winners = results.flatMap((r, i) => (r ? [i] : []));
        assert.equal(winners.length, 1);
        assert.deepEqual((await store.read('clinic'))?.updatedBy, `admin-${winners[0]! + 1}`);
        const history = await store.history('clinic');
        assertChained(history, 2);
        assert.deepEqual(history[0]!.after, sample(winners[0]! + 1));
      });
    });

    describe('organisations are isolated', () => {
      it('whatever characters their ids hold', async () => {
        const ids = ['{x}', 'x', 'a:b', 'a', "o'brien", 'ü{日本}:', '1', '01', 'org:{x}'];
        for (const [i, id] of ids.entries()) assert.equal((await store.write(id, sample(i), { by: `admin-${i}`, at: T0 + i }))?.version, 1);
        for (const [i, id] of ids.entries()) {
          assert.deepEqual(await store.read(id), { ...sample(i), version: 1, updatedAt: T0 + i, updatedBy: `admin-${i}` });
          assert.deepEqual((await store.history(id)).map((c) => c.by), [`admin-${i}`]);
        }
      });
    });
  });
}
