/**
 * What organisation settings cost per request, once each process has them cached. Two twostep
 * processes on the same Redis (sessions on connect-redis, as everywhere in bench/): one without
 * organisations, one whose users belong to organisations with settings on PostgreSQL (every
 * settings statement counted in the process), plus the app without twostep for the verified
 * request's baseline. Counted, not timed alone:
 * - a verified request: Redis commands beyond the app's own session read (goal 0), settings SQL (goal 0);
 * - a sign-in (password step, no 2FA enrolled): Redis commands beyond the same sign-in without
 *   organisations (goal 0: the user's organisations are read from the cache), settings SQL per
 *   sign-in once warm (goal 0), and after a change through `twoStep.organisations.update`
 *   (goal: one statement, the next sign-in's `readMany`).
 * The sign-in throughput ratio (with/without organisations) is printed for information.
 */
import { Redis } from 'ioredis';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { testPostgres } from '../test/support/postgres-server.ts';
import { CookieClient, cannon, commandStats, describeCounts, fmt, inBatches, median, perRequest, resetStats, startServer, type BenchServer } from './support/harness.ts';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COUNTED = 2000;
const USERS = 40;

const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
const postgres = await testPostgres();
const [without, plain, organised] = await Promise.all([
  startServer({ redisUrl: redisServer.url, twoStep: false, userCount: USERS }),
  startServer({ redisUrl: redisServer.url, twoStep: true, userCount: USERS }),
  startServer({ redisUrl: redisServer.url, twoStep: true, userCount: USERS, organisationsDatabaseUrl: postgres.url }),
]);

const settingsSql = async () => ((await new CookieClient(organised.url).request('GET', '/bench/sql')).body as { settingsStatements: number }).settingsStatements;

async function live(server: BenchServer): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await new CookieClient(server.url).request('GET', '/bench/revocation')).body.live !== true) {
    if (Date.now() > deadline) throw new Error('a twostep process never subscribed to the announcement channel');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
await Promise.all([live(plain), live(organised)]);

// Every organisation configured (so every sign-in has settings to apply), none requiring 'staff'.
for (let i = 0; i < 4; i += 1) {
  const res = await new CookieClient(organised.url).request('POST', '/bench/settings', {
    orgId: `clinic-${i}`, changes: { enforcement: { roles: ['vet'] }, graceDays: 0, allowedMethods: ['totp', 'email'], skipNetworks: ['10.20.0.0/16'], trustedDeviceDays: 14 },
  });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
}

async function signIn(server: BenchServer, username: string): Promise<void> {
  const res = await new CookieClient(server.url).request('POST', '/login', { username, password: 'pw' });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${JSON.stringify(res.body)}`);
}
// user-0 is enrolled below (its sign-ins are challenged); the rest sign in with the password alone.
const signInUsers = Array.from({ length: SIGN_INS }, (_, i) => `user-${1 + (i % (USERS - 1))}`);

/** A verified session of user-0 (TOTP enrolled through the routes, then password + code). */
async function verifiedCookie(server: BenchServer): Promise<string> {
  const client = new CookieClient(server.url);
  if ((await client.request('POST', '/login', { username: 'user-0', password: 'pw' })).status !== 200) throw new Error('login');
  const started = await client.request('POST', '/2fa/methods', { type: 'totp' });
  const { id, secret } = started.body as { id: string; secret: string };
  const confirmed = await client.request('POST', `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: Date.now() }) });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  await server.shiftClock(60);
  const fresh = new CookieClient(server.url);
  if ((await fresh.request('POST', '/login', { username: 'user-0', password: 'pw' })).status !== 401) throw new Error('expected a challenge');
  const verified = await fresh.request('POST', '/2fa/verify', { code: generateTotp({ secret, nowMs: Date.now() + 60_000 }) });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return fresh.cookie;
}

// Warm the cache: one sign-in per organisation is enough.
for (let i = 1; i <= 4; i += 1) await signIn(organised, `user-${i}`);

// Sign-ins: Redis commands and settings SQL per sign-in, each arm counted on the same users.
const signIns: Record<string, { commands: Record<string, number>; sql: number; rps: number[] }> = {};
for (const [name, server] of [['without organisations', plain], ['with organisations', organised]] as const) {
  await resetStats(redis);
  const sqlBefore = name === 'with organisations' ? await settingsSql() : 0;
  await inBatches(signInUsers, 10, (username) => signIn(server, username));
  signIns[name] = {
    commands: perRequest(await commandStats(redis), SIGN_INS),
    sql: name === 'with organisations' ? ((await settingsSql()) - sqlBefore) / SIGN_INS : 0,
    rps: [],
  };
}
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, server] of round % 2 ? [['with organisations', organised], ['without organisations', plain]] as const : [['without organisations', plain], ['with organisations', organised]] as const) {
    const started = performance.now();
    await inBatches(signInUsers, 10, (username) => signIn(server, username));
    signIns[name]!.rps.push(SIGN_INS / ((performance.now() - started) / 1000));
  }
}

// After a change: the next sign-in in that organisation reads its settings once.
await new CookieClient(organised.url).request('POST', '/bench/settings', { orgId: 'clinic-1', changes: { trustedDeviceDays: 7 } });
const beforeCold = await settingsSql();
await signIn(organised, 'user-1');
const coldSql = (await settingsSql()) - beforeCold;
const beforeWarm = await settingsSql();
await signIn(organised, 'user-5');
const warmAgainSql = (await settingsSql()) - beforeWarm;

// Verified requests: Redis commands beyond the app's own session read, and settings SQL.
const arms = [
  { name: 'without twostep', server: without, cookie: await (async () => { const c = new CookieClient(without.url); await c.request('POST', '/login', { username: 'user-0', password: 'pw' }); return c.cookie; })() },
  { name: 'with organisations', server: organised, cookie: await verifiedCookie(organised) },
];
const verifiedCommands: Record<string, Record<string, number>> = {};
const sqlBeforeVerified = await settingsSql();
for (const arm of arms) {
  await resetStats(redis);
  const result = await cannon({ url: `${arm.server.url}/api/me`, amount: COUNTED, headers: { cookie: arm.cookie, accept: 'application/json' } });
  if (result.non2xx > 0) throw new Error(`${arm.name}: ${result.non2xx} responses were not 2xx`);
  verifiedCommands[arm.name] = perRequest(await commandStats(redis), result.requests);
}
const verifiedSql = (await settingsSql()) - sqlBeforeVerified;

console.log(`sign-ins (password step, ${SIGN_INS} per arm, 10 at a time, users in 4 configured organisations):`);
for (const [name, counted] of Object.entries(signIns)) {
  console.log(`  ${name.padEnd(22)} ${fmt(median(counted.rps))} sign-ins/s  rounds [${counted.rps.map((r) => fmt(r)).join(', ')}]`);
  console.log(`  ${''.padEnd(22)} Redis commands per sign-in: ${describeCounts(counted.commands)}; settings SQL per sign-in: ${fmt(counted.sql, 3)}`);
}
console.log(`  after a change through twoStep.organisations.update: next sign-in in that organisation ${coldSql} settings statement(s), the one after ${warmAgainSql}`);
console.log(`verified GET /api/me, ${COUNTED} requests:`);
for (const arm of arms) console.log(`  ${arm.name.padEnd(22)} Redis commands per request: ${describeCounts(verifiedCommands[arm.name]!)}`);
console.log(`  settings SQL for ${COUNTED} verified requests: ${verifiedSql}`);

const extraSignIn = Object.entries(signIns['with organisations']!.commands).filter(([name, n]) => n > (signIns['without organisations']!.commands[name] ?? 0));
const extraVerified = Object.entries(verifiedCommands['with organisations']!).filter(([name, n]) => n > (verifiedCommands['without twostep']![name] ?? 0));
const ratio = median(signIns['with organisations']!.rps) / median(signIns['without organisations']!.rps);
const met = (ok: boolean) => (ok ? 'MET' : 'MISSED');
console.log(`» organisation settings, verified request: extra Redis commands ${extraVerified.length === 0 ? '0' : describeCounts(Object.fromEntries(extraVerified))}, settings SQL ${verifiedSql} (goal 0, 0) ${met(extraVerified.length === 0 && verifiedSql === 0)}`);
console.log(`» organisation settings, sign-in with a warm cache: extra Redis commands ${extraSignIn.length === 0 ? '0' : describeCounts(Object.fromEntries(extraSignIn))}, settings SQL ${fmt(signIns['with organisations']!.sql, 3)} per sign-in (goal 0, 0) ${met(extraSignIn.length === 0 && signIns['with organisations']!.sql === 0)}; throughput ratio with/without organisations ${fmt(ratio, 3)}`);
console.log(`» organisation settings, first sign-in after a change: ${coldSql} settings statement (goal 1: the organisations' readMany) ${met(coldSql === 1 && warmAgainSql === 0)}`);

redis.disconnect();
await Promise.all([without.stop(), plain.stop(), organised.stop()]);
await redisServer.stop();
