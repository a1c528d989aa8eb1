/**
 * The in-memory store under 100,000 users' worth of short-lived state: an email code issued
 * (with its cooldown and hourly send record), wrong attempts counted (one user in ten locked),
 * a TOTP step consumed. Then time moves past every TTL and the store's own sweep runs: memory
 * must come back near where it started. Heap is measured after a forced GC (`--expose-gc`,
 * which `bench/run.ts` passes).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { memoryStore } from '../src/backends/memory-store.ts';

const USERS = Number(process.env.BENCH_MEMORY_USERS ?? 100_000);
const T0 = Date.now();
const lockout = { maxAttempts: 5, lockSeconds: 1800 };

const exposedGc = (globalThis as { gc?: () => void }).gc;
if (!exposedGc) throw new Error('run with node --expose-gc (npm run bench does)');
const gc: () => void = exposedGc;
async function heapMb(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const store = memoryStore({ sweepIntervalSeconds: 0.2 });
const before = await heapMb();

const started = Date.now();
for (let i = 0; i < USERS; i += 1) {
  const userId = `user-${i}`;
  const nowMs = T0 + (i % 1000);
  await store.issueCode({ userId, purpose: 'login', codeHash: `hash-${i}`, nowMs, ttlSeconds: 600, cooldownSeconds: 30, maxSendsPerHour: 10 });
  const failures = i % 10 === 0 ? lockout.maxAttempts : 2;
  for (let f = 0; f < failures; f += 1) await store.recordFailure({ userId, nowMs, lockout });
  await store.consumeTotpStep({ userId, nowMs, lockout: { maxAttempts: 100, lockSeconds: 1800 }, version: 0, methodId: 'm1', matchedStep: Math.floor(nowMs / 30_000), stepRetentionSeconds: 90 });
}
const loadSeconds = (Date.now() - started) / 1000;
const loaded = await heapMb();
const locked = (await store.getLockState('user-0', T0 + 1000)).lockedUntil !== null;

// Past every TTL (codes 10 min, locks 30 min, hourly send records 1 h): any call moves the sweep's clock.
await store.getLockState('probe', T0 + 2 * 3_600_000);
await sleep(600);
const swept = await heapMb();
const stillThere = await store.getLockState('user-0', T0 + 2 * 3_600_000);
await store.close?.();

console.log(`memoryStore, ${USERS} users (issueCode + 2 or 5 recordFailure + consumeTotpStep each, 1 in 10 locked: ${locked}), loaded in ${loadSeconds.toFixed(1)} s`);
console.log(`  heap before ${before.toFixed(1)} MB, loaded ${loaded.toFixed(1)} MB (+${(loaded - before).toFixed(1)} MB, ${(((loaded - before) * 1024 * 1024) / USERS).toFixed(0)} B/user), after expiry + sweep ${swept.toFixed(1)} MB`);
console.log(`  user-0 after expiry: failures ${stillThere.failures}, locked ${stillThere.lockedUntil !== null}`);
const returned = swept - before;
const ok = returned < Math.max(2, (loaded - before) * 0.05);
console.log(`» memory store: +${(loaded - before).toFixed(1)} MB for ${USERS} users, ${returned >= 0 ? '+' : ''}${returned.toFixed(1)} MB left after expiry + sweep (goal: back near baseline) ${ok ? 'MET' : 'MISSED'}`);
