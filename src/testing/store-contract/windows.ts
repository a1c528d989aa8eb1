/** Sliding windows (the limit per client address): at most `max` hits in any window, atomically; release by name. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.js';
import { T0 } from './fixtures.js';

let members = 0;
const hit = (overrides: { key?: string; max?: number; windowSeconds?: number; nowMs?: number; member?: string } = {}) =>
  store.takeWindowSlot({
    key: overrides.key ?? 'answers.abc',
    windowSeconds: overrides.windowSeconds ?? 900,
    max: overrides.max ?? 3,
    member: overrides.member ?? `m${(members += 1)}`,
    nowMs: overrides.nowMs ?? T0,
  });

export function windowsContract(): void {
  describe('sliding windows', () => {
    it('takes up to max hits, then says when the oldest leaves', async () => {
      assert.deepEqual(await hit({ nowMs: T0 }), { outcome: 'taken' });
      assert.deepEqual(await hit({ nowMs: T0 + 1000 }), { outcome: 'taken' });
      assert.deepEqual(await hit({ nowMs: T0 + 2000 }), { outcome: 'taken' });
      assert.deepEqual(await hit({ nowMs: T0 + 3000 }), { outcome: 'full', retryAt: T0 + 900_000 });
      // A full window takes nothing: the refused hit does not push the retry time back.
      assert.deepEqual(await hit({ nowMs: T0 + 899_999 }), { outcome: 'full', retryAt: T0 + 900_000 });
      // It slides: at the oldest hit's end one place is free again, and only one.
      assert.deepEqual(await hit({ nowMs: T0 + 900_000 }), { outcome: 'taken' });
      assert.deepEqual(await hit({ nowMs: T0 + 900_001 }), { outcome: 'full', retryAt: T0 + 901_000 });
    });

    it('windows are separate by key', async () => {
      for (let i = 0; i < 3; i += 1) await hit();
      assert.equal((await hit()).outcome, 'full');
      assert.equal((await hit({ key: 'answers.other' })).outcome, 'taken');
      assert.equal((await hit({ key: 'sends.abc' })).outcome, 'taken');
    });

    it('a released hit frees its place; releasing an unknown one is harmless', async () => {
      await hit({ member: 'a' });
      await hit({ member: 'b' });
      await hit({ member: 'c' });
      assert.equal((await hit()).outcome, 'full');
      await store.releaseWindowSlot({ key: 'answers.abc', member: 'b' });
      await store.releaseWindowSlot({ key: 'answers.abc', member: 'never-taken' });
      await store.releaseWindowSlot({ key: 'answers.unknown', member: 'x' });
      assert.equal((await hit()).outcome, 'taken');
      assert.equal((await hit()).outcome, 'full');
    });

    it('of many concurrent hits on a window, exactly max are taken', async () => {
      const results = await Promise.all(Array.from({ length: 40 }, () => hit({ max: 7 })));
      assert.equal(results.filter((r) => r.outcome === 'taken').length, 7);
    });
  });
}
