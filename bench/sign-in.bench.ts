/**
 * What `POST /login` costs with twostep's `challenge()` after the password, against the same
 * app's login without twostep. Three processes on one Redis (sessions on connect-redis):
 * the plain app, and twostep with enrolments in PostgreSQL (every enrolment statement
 * counted by the app at GET /bench/sql). The password check is the same trivial comparison in
 * every arm (passport-local, password 'pw'), so what is measured is the sign-in around it:
 * - a user without 2FA: signed in at once (twostep reads the enrolment, finds none);
 * - a user with an authenticator app: the password step answers 401 and a pending session.
 * Per sign-in: throughput (sequential batches of 10 in flight, rounds alternating between
 * the arms, medians with the per-round spread), the server's CPU, Redis commands (INFO
 * commandstats) and enrolment SQL statements. Goals (issue 25): ≥ 0.8 of the plain login,
 * ≤ 1 enrolment statement.
 */
import { Redis } from 'ioredis';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { testPostgres } from '../test/support/postgres-server.ts';
import { CookieClient, commandStats, describeCounts, fmt, inBatches, median, perRequest, resetStats, startServer, type BenchServer } from './support/harness.ts';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 400);
const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));
const USERS = 60;

const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
const postgres = await testPostgres();
const [plain, twostep] = await Promise.all([
  startServer({ redisUrl: redisServer.url, twoStep: false, userCount: USERS }),
  startServer({ redisUrl: redisServer.url, twoStep: true, userCount: USERS, databaseUrl: postgres.url }),
]);

const sqlCount = async () => ((await new CookieClient(twostep.url).request('GET', '/bench/sql')).body as { statements: number }).statements;

async function login(server: BenchServer, username: string, expect: number): Promise<void> {
  const client = new CookieClient(server.url);
  let res = await client.request('POST', '/login', { username, password: 'pw' });
  for (let tries = 0; res.status === 500 && tries < 50; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    res = await client.request('POST', '/login', { username, password: 'pw' });
  }
  if (res.status !== expect) throw new Error(`login ${username}: ${res.status} (expected ${expect}) ${JSON.stringify(res.body)}`);
}

// user-0 … user-29: no 2FA. user-30 … user-59: an authenticator app each.
const half = USERS / 2;
await inBatches(Array.from({ length: half }, (_, i) => `user-${half + i}`), 8, async (username) => {
  const client = new CookieClient(twostep.url);
  await client.request('POST', '/login', { username, password: 'pw' });
  const started = await client.request('POST', '/2fa/methods', { type: 'totp' });
  const { id, secret } = started.body as { id: string; secret: string };
  const confirmed = await client.request('POST', `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: Date.now() }) });
  if (confirmed.status !== 200) throw new Error(`confirm ${username}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
});
await login(plain, 'user-0', 200);

type ArmName = 'plain login' | 'twostep, no 2FA' | 'twostep, with an app (pending)';
const arms: { name: ArmName; server: BenchServer; users: string[]; expect: number }[] = [
  { name: 'plain login', server: plain, users: Array.from({ length: SIGN_INS }, (_, i) => `user-${i % half}`), expect: 200 },
  { name: 'twostep, no 2FA', server: twostep, users: Array.from({ length: SIGN_INS }, (_, i) => `user-${i % half}`), expect: 200 },
  { name: 'twostep, with an app (pending)', server: twostep, users: Array.from({ length: SIGN_INS }, (_, i) => `user-${half + (i % half)}`), expect: 401 },
];

// Counted once per arm, before the timed rounds.
const counted = new Map<ArmName, { commands: Record<string, number>; sql: number }>();
for (const arm of arms) {
  await resetStats(redis);
  const sqlBefore = arm.server === twostep ? await sqlCount() : 0;
  await inBatches(arm.users, 10, (username) => login(arm.server, username, arm.expect));
  counted.set(arm.name, {
    commands: perRequest(await commandStats(redis), SIGN_INS),
    sql: arm.server === twostep ? ((await sqlCount()) - sqlBefore) / SIGN_INS : 0,
  });
}

const rps = new Map<ArmName, number[]>(arms.map((a) => [a.name, []]));
const cpu = new Map<ArmName, number[]>(arms.map((a) => [a.name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  const order = [...arms.slice(round % arms.length), ...arms.slice(0, round % arms.length)];
  for (const arm of order) {
    const cpuBefore = await arm.server.cpuMicros();
    const started = performance.now();
    await inBatches(arm.users, 10, (username) => login(arm.server, username, arm.expect));
    rps.get(arm.name)!.push(SIGN_INS / ((performance.now() - started) / 1000));
    cpu.get(arm.name)!.push((await arm.server.cpuMicros() - cpuBefore) / SIGN_INS);
  }
}

const spread = (values: number[], digits = 0) => `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;
console.log(`POST /login, ${SIGN_INS} sign-ins per arm and round, 10 in flight, ${ROUNDS} rounds:`);
for (const arm of arms) {
  const c = counted.get(arm.name)!;
  console.log(`  ${arm.name.padEnd(32)} ${fmt(median(rps.get(arm.name)!))} sign-ins/s [${spread(rps.get(arm.name)!)}]  CPU ${fmt(median(cpu.get(arm.name)!))} µs/sign-in  Redis: ${describeCounts(c.commands)}  enrolment SQL ${fmt(c.sql, 2)}`);
}
const plainRps = rps.get('plain login')!;
for (const name of ['twostep, no 2FA', 'twostep, with an app (pending)'] as const) {
  const quotients = rps.get(name)!.map((r, i) => r / plainRps[i]!);
  const value = median(quotients);
  console.log(`» sign-in: ${name} / plain login ${fmt(value, 3)} [rounds ${spread(quotients, 2)}] (goal >= 0.8) ${value >= 0.8 ? 'MET' : 'MISSED'}`);
  const sql = counted.get(name)!.sql;
  console.log(`» sign-in: ${name}, enrolment SQL per sign-in ${fmt(sql, 2)} (goal <= 1) ${sql <= 1 ? 'MET' : 'MISSED'}`);
}

redis.disconnect();
await Promise.all([plain.stop(), twostep.stop()]);
await redisServer.stop();
