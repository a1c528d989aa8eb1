/**
 * What every revocation feed must do (`TwoStepStore.revocations`), run against the memory
 * feed, a real redis-server and a real Cluster: merge exactly as `mergeRecords` does (the
 * Lua script is checked against the TypeScript on random sequences), read one user,
 * reload a time range oldest first, forget what is older than asked, and announce every
 * record to every listener.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RevocationFeed, RevocationListener } from '../../src/revocation/feed.js';
import { mergeRecords, type RevocationRecord } from '../../src/revocation/record.js';

export function revocationFeedContract(name: string, makeFeed: () => Promise<RevocationFeed>): void {
  describe(`revocation feed contract: ${name}`, () => {
    it('merges like mergeRecords, whatever the order and exceptions (200 random sequences)', async () => {
      const feed = await makeFeed();
      // mulberry32: a seeded generator, so a failure can be replayed.
      let seed = 7;
      const random = (n: number) => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) % n;
      };
      for (let round = 0; round < 200; round += 1) {
        const userId = `merge-${round}`;
        let expected: RevocationRecord | undefined;
        for (let step = 0; step < 1 + random(5); step += 1) {
          const exception = ['', '', 'S', 'T'][random(4)]!;
          const record: RevocationRecord = { userId, revokedAt: 1_000 + random(6), ...(exception ? { exceptSession: exception } : {}) };
          expected = mergeRecords(expected, record);
          await feed.publish(record, 0);
        }
        assert.deepEqual(await feed.read(userId), expected, `round ${round}`);
      }
    });

    it('reads one user, reloads a time range oldest first, and forgets records older than asked', async () => {
      const feed = await makeFeed();
      const base = 10_000_000;
      for (let i = 0; i < 5; i += 1) await feed.publish({ userId: `range-${i}`, revokedAt: base + i * 100 }, 0);
      assert.equal(await feed.read('nobody'), null);
      assert.deepEqual(await feed.read('range-2'), { userId: 'range-2', revokedAt: base + 200 });
      assert.deepEqual((await feed.readSince(base + 150)).map((r) => r.userId), ['range-2', 'range-3', 'range-4']);
      // A later publish forgets everything before its cut-off.
      await feed.publish({ userId: 'range-5', revokedAt: base + 500 }, base + 250);
      assert.equal(await feed.read('range-1'), null);
      assert.deepEqual((await feed.readSince(base)).map((r) => r.userId), ['range-3', 'range-4', 'range-5']);
    });

    it('announces every record to every listener once they are up, and stops after close', async () => {
      const feed = await makeFeed();
      const heard: string[][] = [[], []];
      const ups = [0, 0];
      const listener = (i: number): RevocationListener => ({ record: (r) => void heard[i]!.push(r.userId), up: () => void (ups[i]! += 1), down: () => {} });
      const subscriptions = [feed.listen(listener(0)), feed.listen(listener(1))];
      for (let i = 0; i < 200 && (ups[0] === 0 || ups[1] === 0); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(ups, [1, 1], 'both are told the subscription is up');
      await feed.publish({ userId: 'heard-1', revokedAt: 20_000_000 }, 0);
      for (let i = 0; i < 100 && heard[1]!.length < 1; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      await subscriptions[1]!.close();
      await feed.publish({ userId: 'heard-2', revokedAt: 20_000_001 }, 0);
      for (let i = 0; i < 100 && heard[0]!.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      await subscriptions[0]!.close();
      assert.deepEqual(heard, [['heard-1', 'heard-2'], ['heard-1']]);
    });
  });
}
