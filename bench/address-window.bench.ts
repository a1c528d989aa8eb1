/**
 * What the limit per client address costs a wrong answer on one Redis: the same TOTP attempt
 * script with and without the address window in it (one round trip either way), sequential,
 * on a throwaway redis-server. Run: node --import tsx bench/address-window.bench.ts
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { startRedisServer } from '../test/support/redis-server.ts';
import { redisStore } from '../src/index.ts';

const server = await startRedisServer();
const client = new Redis(server.url);
await once(client, 'ready');
const store = redisStore(client);
const lockout = { maxAttempts: 1_000_000_000, lockSeconds: 1800 };
const N = 4000;
async function run(withWindow: boolean, round: number) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i += 1) {
    await store.consumeTotpStep({
      userId: `u${i % 50}`, nowMs: 1_700_000_000_000 + round * 10_000_000 + i, lockout, version: 0, methodId: 'm1', matchedStep: null, stepRetentionSeconds: 90,
      ...(withWindow ? { window: { key: `answers.a${i % 50}`, windowSeconds: 900, max: 1_000_000, member: `m${round}-${i}` } } : {}),
    });
  }
  return Number(process.hrtime.bigint() - t0) / 1000 / N;
}
const results: Record<string, number[]> = { off: [], on: [] };
for (let r = 0; r < 5; r += 1) {
  results.off!.push(await run(false, r * 2));
  results.on!.push(await run(true, r * 2 + 1));
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(`per wrong TOTP answer, sequential, one client: without window ${median(results.off!).toFixed(1)} µs, with window ${median(results.on!).toFixed(1)} µs (medians of 5 x ${N})`);
client.disconnect();
await server.stop();
