/**
 * Cost of twostep on a fully signed-in request. The same Express + express-session
 * (connect-redis) + Passport app, without and with `app.use(twoStep)`, each in its own
 * process; the twostep session is really verified (password, TOTP enrolment through the
 * routes, sign-out, password again, code). Rounds alternate between the two apps so drift
 * on this shared machine hits both alike. Goal (SPEC 6): ratio >= 0.97, zero extra Redis commands.
 */
import { Redis } from 'ioredis';
import { generateTotp } from '../src/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { CookieClient, cannon, commandStats, describeCounts, fmt, median, perRequest, resetStats, startServer, type BenchServer } from './support/harness.ts';

// More, shorter rounds than the other benches: the ratio is near 1 and drift on a shared
// machine is ±10%, so it is taken as the median of per-round paired ratios.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3) * 2 - 1;
const SECONDS = Math.max(1, Math.round(Number(process.env.BENCH_SECONDS ?? 5) * 0.6));

const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
const without = await startServer({ redisUrl: redisServer.url, twoStep: false, userCount: 10 });
const withTwoStep = await startServer({ redisUrl: redisServer.url, twoStep: true, userCount: 10 });

async function signedInCookie(server: BenchServer, twoStep: boolean): Promise<string> {
  const client = new CookieClient(server.url);
  const login = await client.request('POST', '/login', { username: 'user-1', password: 'pw' });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  if (!twoStep) return client.cookie;
  const started = await client.request('POST', '/2fa/methods', { type: 'totp' });
  const { id, secret } = started.body as { id: string; secret: string };
  const confirmed = await client.request('POST', `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: Date.now() }) });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  await server.shiftClock(60);
  const fresh = new CookieClient(server.url);
  const pending = await fresh.request('POST', '/login', { username: 'user-1', password: 'pw' });
  if (pending.status !== 401) throw new Error(`expected a pending session, got ${pending.status}`);
  const verified = await fresh.request('POST', '/2fa/verify', { code: generateTotp({ secret, nowMs: Date.now() + 60_000 }) });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  const me = await fresh.request('GET', '/api/me');
  if (me.status !== 200) throw new Error(`verified session refused: ${me.status}`);
  return fresh.cookie;
}

const arms = [
  { name: 'without twostep', server: without, cookie: await signedInCookie(without, false), rps: [] as number[], p99: [] as number[] },
  { name: 'with twostep', server: withTwoStep, cookie: await signedInCookie(withTwoStep, true), rps: [] as number[], p99: [] as number[] },
];

// Redis commands per request, counted on a fixed number of requests for each arm.
const COUNTED = 2000;
const commands: Record<string, Record<string, number>> = {};
for (const arm of arms) {
  await resetStats(redis);
  const result = await cannon({ url: `${arm.server.url}/api/me`, amount: COUNTED, headers: { cookie: arm.cookie, accept: 'application/json' } });
  if (result.non2xx > 0) throw new Error(`${arm.name}: ${result.non2xx} responses were not 2xx`);
  commands[arm.name] = perRequest(await commandStats(redis), result.requests);
}

// Warm-up, then alternating rounds.
for (const arm of arms) await cannon({ url: `${arm.server.url}/api/me`, duration: 1, headers: { cookie: arm.cookie } });
for (let round = 0; round < ROUNDS; round += 1) {
  for (const arm of round % 2 ? [...arms].reverse() : arms) {
    const result = await cannon({ url: `${arm.server.url}/api/me`, duration: SECONDS, headers: { cookie: arm.cookie, accept: 'application/json' } });
    if (result.non2xx > 0) throw new Error(`${arm.name}: ${result.non2xx} responses were not 2xx`);
    arm.rps.push(result.rps);
    arm.p99.push(result.p99Ms);
  }
}

console.log(`signed-in GET /api/me, ${ROUNDS} rounds x ${SECONDS} s, 10 connections, medians:`);
for (const arm of arms) {
  console.log(`  ${arm.name.padEnd(16)} ${fmt(median(arm.rps))} req/s  p99 ${fmt(median(arm.p99))} ms  rounds [${arm.rps.map((r) => fmt(r)).join(', ')}]`);
  console.log(`  ${''.padEnd(16)} Redis commands per request: ${describeCounts(commands[arm.name]!)}`);
}
const pairs = arms[1]!.rps.map((rps, i) => rps / arms[0]!.rps[i]!);
const ratio = median(pairs);
console.log(`  paired ratios per round (with/without): [${pairs.map((r) => fmt(r, 3)).join(', ')}], ratio of medians ${fmt(median(arms[1]!.rps) / median(arms[0]!.rps), 3)}`);
const extra = Object.entries(commands['with twostep']!).filter(([name, n]) => n > (commands['without twostep']![name] ?? 0));
console.log(`» signed-in request: throughput ratio with/without twostep ${fmt(ratio, 3)} (median of paired rounds) (goal >= 0.97) ${ratio >= 0.97 ? 'MET' : 'MISSED'}`);
console.log(`» signed-in request: extra Redis commands per request ${extra.length === 0 ? '0' : describeCounts(Object.fromEntries(extra))} (goal 0) ${extra.length === 0 ? 'MET' : 'MISSED'}`);

redis.disconnect();
await without.stop();
await withTwoStep.stop();
await redisServer.stop();
