/** Trusted devices: copies in creation order, compare-and-swap rotation, expiry, deletion. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0, device } from './fixtures.js';

export function trustedDevicesContract(): void {
  describe('trusted devices', () => {
    it('put, get and list, in creation order, as copies', async () => {
      await store.putDevice('u', device('d2', { createdAt: T0 + 1 }));
      await store.putDevice('u', device('d1'));
      assert.deepEqual(await store.getDevice('u', 'd1', T0), device('d1'));
      assert.equal(await store.getDevice('u', 'missing', T0), null);
      const listed = await store.listDevices('u', T0);
      assert.deepEqual(listed, [device('d1'), device('d2', { createdAt: T0 + 1 })]);
      listed[0]!.tokenHash = 'mutated';
      const got = await store.getDevice('u', 'd1', T0);
      assert.ok(got);
      got.expiresAt = 0;
      assert.deepEqual(await store.getDevice('u', 'd1', T0), device('d1'));
      assert.deepEqual(await store.listDevices('nobody', T0), []);
    });

    it('rotate is a compare-and-swap of the token hash', async () => {
      await store.putDevice('u', device('d1'));
      const change = { expectedTokenHash: 'token-d1', newTokenHash: 'token-2', lastUsedAt: T0 + 1000, expiresAt: T0 + 1000 + 86_400_000 };
      assert.equal(await store.rotateDevice('u', 'd1', { ...change, expectedTokenHash: 'wrong' }), false);
      assert.equal(await store.rotateDevice('u', 'd1', change), true);
      assert.deepEqual(await store.getDevice('u', 'd1', T0 + 1000), device('d1', { tokenHash: 'token-2', lastUsedAt: T0 + 1000, expiresAt: T0 + 1000 + 86_400_000 }));
      assert.equal(await store.rotateDevice('u', 'd1', change), false);
      assert.equal(await store.rotateDevice('u', 'missing', change), false);
    });

    it('an expired device is gone from get, list and rotate', async () => {
      await store.putDevice('u', device('d1', { expiresAt: T0 + 10_000 }));
      await store.putDevice('u', device('d2'));
      assert.ok(await store.getDevice('u', 'd1', T0 + 9_999));
      assert.equal(await store.getDevice('u', 'd1', T0 + 10_000), null);
      assert.deepEqual((await store.listDevices('u', T0 + 10_000)).map((d) => d.id), ['d2']);
      const change = { expectedTokenHash: 'token-d1', newTokenHash: 'n', lastUsedAt: T0 + 10_000, expiresAt: T0 + 99_999 };
      assert.equal(await store.rotateDevice('u', 'd1', change), false);
    });

    it('delete one, then all', async () => {
      await store.putDevice('u', device('d1'));
      await store.putDevice('u', device('d2'));
      await store.putDevice('u', device('d3'));
      assert.equal(await store.deleteDevice('u', 'd1'), true);
      assert.equal(await store.deleteDevice('u', 'd1'), false);
      assert.equal(await store.deleteAllDevices('u'), 2);
      assert.deepEqual(await store.listDevices('u', T0), []);
      assert.equal(await store.deleteAllDevices('u'), 0);
    });
  });
}
