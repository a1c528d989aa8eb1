/**
 * The per-process map of revocations: merge rules, bounded memory with 100k users, and the
 * cost of a check (no I/O while the feed is live).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { memoryRevocationFeed } from '../src/revocation/memory-feed.js';
import { judge, mergeRecords, type RevocationRecord } from '../src/revocation/record.js';
import { createRevocationList } from '../src/revocation/revocation-list.js';
import { manualClock } from './support/test-app.js';
import { revocationFeedContract } from './support/revocation-feed-contract.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition not reached within 1 s');
}

describe('revocation records', () => {
  const key = (k: string) => () => k;
  it('a revocation ends sessions stamped at or before it; an exception spares one session only', () => {
    const record: RevocationRecord = { userId: 'u', revokedAt: 100, exceptSession: 'S' };
    assert.equal(judge(undefined, 50, key('A')), 'ok');
    assert.equal(judge(record, 101, key('A')), 'ok');
    assert.equal(judge(record, 100, key('A')), 'revoked', 'same millisecond counts as before');
    assert.equal(judge(record, 100, key('S')), 'excepted');
    assert.equal(judge({ userId: 'u', revokedAt: 100 }, 100, key('S')), 'revoked');
  });

  it('merging keeps the later instant and an exception only where every folded revocation spared it', () => {
    const all = (t: number): RevocationRecord => ({ userId: 'u', revokedAt: t });
    const but = (t: number, s: string): RevocationRecord => ({ userId: 'u', revokedAt: t, exceptSession: s });
    assert.deepEqual(mergeRecords(all(10), all(5)), all(10));
    assert.deepEqual(mergeRecords(all(10), but(20, 'S')), { ...but(20, 'S'), floorAt: 10 });
    assert.deepEqual(mergeRecords(but(10, 'S'), but(20, 'S')), but(20, 'S'));
    assert.deepEqual(mergeRecords(but(10, 'T'), but(20, 'S')), { ...but(20, 'S'), floorAt: 10 });
    assert.deepEqual(mergeRecords({ ...but(20, 'S'), floorAt: 10 }, but(30, 'S')), { ...but(30, 'S'), floorAt: 10 });
    assert.deepEqual(mergeRecords(but(20, 'S'), all(30)), all(30));
    // Order of arrival does not matter.
    assert.deepEqual(mergeRecords(but(20, 'S'), all(10)), mergeRecords(all(10), but(20, 'S')));
    const merged = mergeRecords(all(10), but(20, 'S'));
    assert.equal(judge(merged, 15, key('S')), 'excepted');
    assert.equal(judge(merged, 10, key('S')), 'revoked', 'the earlier revocation had ended it already');
  });
});

describe('the revocation list of one process', () => {
  it('keeps 100k revoked users in bounded memory, answers each check in well under a microsecond, and forgets them after the longest session lifetime', async () => {
    const clock = manualClock();
    const feed = memoryRevocationFeed();
    const list = createRevocationList(feed, { now: clock.now, sessionMaxAgeSeconds: 3600 });
    await until(() => list.live);
    const USERS = 100_000;
    const start = clock.now();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < USERS; i += 1) {
      clock.set(start + i * 10); // 1,000 s of revocations, all within the 3,600 s lifetime
      await list.revoke({ userId: `user-${i}`, revokedAt: list.stampFor(`user-${i}`) });
    }
    assert.equal(list.size, USERS);
    gc();
    const perUserBytes = (process.memoryUsage().heapUsed - heapBefore) / USERS;
    // The list and the memory feed's own copy together.
    assert.ok(perUserBytes < 600, `${perUserBytes.toFixed(0)} bytes per revoked user`);

    const session = (i: number, stampMs: number) => ({ userId: `user-${i}`, stampMs, sessionKey: () => 'k' });
    const before = Array.from({ length: USERS }, (_, i) => session(i, start + i * 10));
    const after = Array.from({ length: USERS }, (_, i) => session(i, start + i * 10 + 1));
    const began = process.hrtime.bigint();
    let revoked = 0;
    let ok = 0;
    for (let i = 0; i < USERS; i += 1) {
      if (list.check(before[i]!) === 'revoked') revoked += 1;
      if (list.check(after[i]!) === 'ok') ok += 1;
    }
    const nsPerCheck = Number(process.hrtime.bigint() - began) / (2 * USERS);
    assert.equal(ok, USERS);
    assert.equal(revoked, USERS);
    assert.equal(list.check({ userId: 'never-revoked', stampMs: start, sessionKey: () => 'k' }), 'ok');
    assert.ok(nsPerCheck < 2000, `${nsPerCheck.toFixed(0)} ns per check`);
    console.log(`# 100k revoked users: ${perUserBytes.toFixed(0)} bytes each (list + memory feed), ${nsPerCheck.toFixed(0)} ns per check`);

    // Half the lifetime later nothing is dropped; past it, everything is.
    clock.set(start + 3600_000 - 1);
    list.prune();
    assert.equal(list.size, USERS);
    clock.set(start + (USERS - 1) * 10 + 3600_000 + 1);
    await list.revoke({ userId: 'latest', revokedAt: list.stampFor('latest') });
    assert.equal(list.size, 1, 'only the latest revocation is left');
    assert.equal((await feed.readSince(0)).length, 1, 'the memory feed forgets them too');
    // A session as old as the forgotten revocations is refused anyway: expired.
    assert.equal(list.check(session(5, start + 50)), 'expired');
    await list.close();
  });
});

revocationFeedContract('memory', async () => memoryRevocationFeed());
