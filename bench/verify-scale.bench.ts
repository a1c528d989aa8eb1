/**
 * A wrong-code verify must not get slower as the number of enrolled users grows. Two twostep
 * processes, the same app (bench/support/bench-app.ts, enrolments in PostgreSQL, counters in
 * Redis), one with 1,000 enrolled users and one with 100,000 (each in its own enrolment table
 * and its own Redis database). In each, BENCH_SCALE_ACTIVE users are enrolled through the routes
 * and hold a pending session; the rest are written straight into the enrolment table with real
 * sealed secrets (bench/support/seed-enrolments.ts). Rounds alternate the order of the four arms
 * (hello and wrong code in each process); a ratio is to the hello world of the same process.
 * Goal: the 100k ratio is at least 0.9 of the 1k ratio.
 */
import { Redis } from 'ioredis';
import type autocannon from 'autocannon';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { testPostgres } from '../test/support/postgres-server.ts';
import { CookieClient, cannon, describeCounts, fmt, inBatches, median, startServer, watchCommands, type BenchServer, type RoundResult } from './support/harness.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3) * 2 - 1;
const SECONDS = Math.max(1, Math.round(Number(process.env.BENCH_SECONDS ?? 5) * 0.6));
const ACTIVE = Number(process.env.BENCH_SCALE_ACTIVE ?? 500);
const SIZES = [1_000, Number(process.env.BENCH_SCALE_LARGE ?? 100_000)];
const MAX_ATTEMPTS = 100;
const SHIFT_SECONDS = 60;

const redisServer = await startRedisServer();
const postgres = await testPostgres();

function wrongForTheRun(secret: string, fromMs: number): string {
  const valid = new Set<string>();
  for (let t = fromMs - 60_000; t < fromMs + 15 * 60_000; t += 30_000) valid.add(generateTotp({ secret, nowMs: t }));
  for (let n = 0; ; n += 1) if (!valid.has(String(n).padStart(6, '0'))) return String(n).padStart(6, '0');
}

interface Instance { size: number; server: BenchServer; redis: Redis; pending: { cookie: string; code: string }[]; next: number; hello: RoundResult[]; wrong: RoundResult[]; commands: string; seedSeconds: number }

async function prepare(size: number, index: number): Promise<Instance> {
  const redisUrl = `${redisServer.url}/${index + 1}`;
  const server = await startServer({
    redisUrl, databaseUrl: postgres.url, twoStep: true, userCount: ACTIVE, maxAttempts: MAX_ATTEMPTS,
    enrolmentTables: { enrolments: `scale_${index}_enrolments`, recoveryCodes: `scale_${index}_recovery_codes` },
  });
  // Redis connected (and the revocation feed subscribed) before the first request.
  for (const deadline = Date.now() + 10_000; ;) {
    const status = await (await fetch(`${server.url}/bench/revocation`)).json() as { live?: boolean };
    if (status.live === true) break;
    if (Date.now() > deadline) throw new Error('the twostep process never connected to Redis');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seedStarted = Date.now();
  const seeded = await (await fetch(`${server.url}/bench/seed-enrolments`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prefix: 'seeded-', count: size - ACTIVE }),
  })).json() as { seeded: number };
  if (seeded.seeded !== size - ACTIVE) throw new Error(`seeded ${seeded.seeded} of ${size - ACTIVE}`);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const usernames = Array.from({ length: ACTIVE }, (_, i) => `user-${i}`);
  const secrets = await inBatches(usernames, 16, async (username) => {
    const client = new CookieClient(server.url);
    await client.request('POST', '/login', { username, password: 'pw' });
    const { id, secret } = (await client.request('POST', '/2fa/methods', { type: 'totp' })).body as { id: string; secret: string };
    const confirmed = await client.request('POST', `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: Date.now() }) });
    if (confirmed.status !== 200) throw new Error(`confirm ${username}: ${confirmed.status}`);
    return secret;
  });
  await server.shiftClock(SHIFT_SECONDS);
  const pending = await inBatches(usernames, 16, async (username) => {
    const client = new CookieClient(server.url);
    if ((await client.request('POST', '/login', { username, password: 'pw' })).status !== 401) throw new Error(`no pending session for ${username}`);
    return { cookie: client.cookie, code: wrongForTheRun(secrets[Number(username.slice(5))]!, Date.now() + SHIFT_SECONDS * 1000) };
  });
  return { size, server, redis: new Redis(redisUrl), pending, next: 0, hello: [], wrong: [], commands: '', seedSeconds };
}

const instances = [] as Instance[];
for (const [i, size] of SIZES.entries()) instances.push(await prepare(size, i));
const wrongRequests = (inst: Instance): autocannon.RequestSpec[] => [{
  method: 'POST', path: '/2fa/verify',
  setupRequest: (request) => {
    const s = inst.pending[inst.next++ % inst.pending.length]!;
    return { ...request, headers: { cookie: s.cookie, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify({ code: s.code }) };
  },
}];
const check = (what: string, result: RoundResult, status: number) => {
  const other = Object.keys(result.statusCounts).filter((code) => Number(code) !== status);
  if (other.length > 0 || result.errors > 0) throw new Error(`${what}: expected ${status} only, got ${describeCounts(result.statusCounts)}, ${result.errors} errors`);
};
for (const inst of instances) {
  const counted = await watchCommands(inst.redis, async () => {
    const result = await cannon({ url: inst.server.url, amount: 500, requests: wrongRequests(inst) });
    check(`${inst.size} users, counted`, result, 401);
    return result.requests;
  });
  inst.commands = describeCounts(counted.roundTrips);
  await cannon({ url: `${inst.server.url}/hello`, duration: 1 });
}
const arms = instances.flatMap((inst) => [
  { run: async () => { const r = await cannon({ url: `${inst.server.url}/hello`, duration: SECONDS }); check('hello', r, 200); inst.hello.push(r); } },
  { run: async () => { const r = await cannon({ url: inst.server.url, duration: SECONDS, requests: wrongRequests(inst) }); check(`${inst.size} users`, r, 401); inst.wrong.push(r); } },
]);
for (let round = 0; round < ROUNDS; round += 1) {
  for (let i = 0; i < arms.length; i += 1) await arms[(round + i) % arms.length]!.run();
}

const perRound = (inst: Instance) => inst.wrong.map((r, i) => r.rps / inst.hello[i]!.rps);
console.log(`wrong-code POST /2fa/verify with many enrolled users (PostgreSQL enrolments, Redis counters), ${ROUNDS} rounds × ${SECONDS} s per arm, 10 connections:`);
for (const inst of instances) {
  console.log(`  ${String(inst.size).padStart(7)} enrolled (${ACTIVE} active, seeded in ${fmt(inst.seedSeconds, 1)} s): ${fmt(median(inst.wrong.map((r) => r.rps)))} req/s, ratio to hello ${fmt(median(perRound(inst)), 3)} per round [${perRound(inst).map((x) => fmt(x, 3)).join(', ')}]; Redis round trips ${inst.commands}; attempts per active user ≤ ${Math.ceil(inst.next / ACTIVE)}`);
}
const [small, large] = instances as [Instance, Instance];
const quotient = median(perRound(large).map((x, i) => x / perRound(small)[i]!));
console.log(`» verify-scale: wrong-code ratio with ${large.size} enrolled users / with ${small.size} = ${fmt(quotient, 3)} (goal >= 0.9) ${quotient >= 0.9 ? 'MET' : 'MISSED'}`);

for (const inst of instances) {
  inst.redis.disconnect();
  await inst.server.stop();
}
await redisServer.stop();
