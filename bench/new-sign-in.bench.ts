/**
 * What new-sign-in alerts cost Redis per verified sign-in: the `noteSignIn` script for a user
 * with one network and for one at the cap of 50 (the script reads the whole hash and drops the
 * oldest), beside `getLockState` (one HMGET) as a round-trip baseline. Sequential, one client,
 * a throwaway redis-server. None of it is on the sign-in's answer path: the note runs after it.
 * Run: node --import tsx bench/new-sign-in.bench.ts
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { startRedisServer } from '../test/support/redis-server.ts';
import { redisStore } from '../src/index.ts';

const server = await startRedisServer();
const client = new Redis(server.url);
await once(client, 'ready');
const store = redisStore(client);
const N = 3000;
const DAY_MS = 86_400_000;
const T0 = 1_700_000_000_000;
const note = (userId: string, networkKey: string, nowMs: number) => store.noteSignIn({
  userId, networkKey, nowMs, memoryMs: 90 * DAY_MS, userMemoryMs: 400 * DAY_MS, minIntervalMs: 3_600_000, maxNetworks: 50, newDevice: true,
});

async function time(run: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i += 1) await run(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / N;
}

const results: Record<'baseline' | 'oneNetwork' | 'fullUser', number[]> = { baseline: [], oneNetwork: [], fullUser: [] };
for (let round = 0; round < 5; round += 1) {
  const start = T0 + round * 10 * DAY_MS;
  results.baseline.push(await time((i) => store.getLockState(`u${i % 50}`, start + i)));
  // The same network each time: the hash stays at one network.
  results.oneNetwork.push(await time((i) => note(`one${i % 50}`, 'home-network-key', start + i)));
  // A new network each time: every user sits at the cap of 50 and the oldest is dropped.
  results.fullUser.push(await time((i) => note(`full${i % 50}`, `net-${round}-${i}`, start + i)));
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(`» noteSignIn per verified sign-in, sequential, one client: ${median(results.oneNetwork).toFixed(1)} µs (one network), ${median(results.fullUser).toFixed(1)} µs (50 networks, oldest dropped); getLockState baseline ${median(results.baseline).toFixed(1)} µs (medians of 5 x ${N})`);
const fields = await client.hlen(`twostep:{${Buffer.from('full0').toString('base64url')}}:sign-ins`);
console.log(`  a user at the cap keeps ${fields} hash fields (50 networks + first, last, alert)`);
client.disconnect();
await server.stop();
