/**
 * twostep against the packages people would pick instead, measured in the same run:
 * - plain: the same Express 5 + express-session (connect-redis 8.1.0, ioredis 6) + Passport app, no 2FA;
 * - twostep: that app plus `app.use(twoStep)`, enrolments in PostgreSQL, counters in Redis, lockout and replay guard on;
 * - passport-totp 0.0.2 on the same stack (bench/peers/passport-totp-app.ts; no lockout, no replay guard);
 * - better-auth 1.7.25 twoFactor, memory adapter + Redis secondary storage (bench/peers/better-auth-app.ts;
 *   its own sessions, as the package works).
 * Each app runs in its own process with its own hello-world route; each round runs every arm once,
 * in an order rotating per round; a throughput is a ratio to the hello world of the same process
 * in the same round, and a comparison is the median over rounds of the per-round quotients.
 * Every measured response's status is checked against the rejection (or success) the arm expects;
 * one body per arm is checked too. Redis round trips per request are counted under MONITOR,
 * before the timed rounds.
 *
 * The peers are a separate package (bench/peers/package.json), installed here on first use:
 * never part of twostep's install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type autocannon from 'autocannon';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { testPostgres } from '../test/support/postgres-server.ts';
import {
  CookieClient, cannon, describeCounts, fmt, inBatches, median, startServer, watchCommands,
  type BenchServer, type CannonOptions, type RoundResult,
} from './support/harness.ts';
import { passportTotpKeyBytes, totpAt, wrongFor } from './support/raw-key-totp.ts';

const peersDir = fileURLToPath(new URL('./peers/', import.meta.url));
if (!existsSync(`${peersDir}node_modules/.package-lock.json`)) {
  console.log('installing the peers (npm ci --prefix bench/peers) …');
  const installed = spawnSync('npm', ['ci', '--prefix', peersDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (installed.status !== 0) throw new Error('npm ci --prefix bench/peers failed');
}
const peerEntry = `${peersDir}server.ts`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3) * 2 - 1;
const SECONDS = Math.max(1, Math.round(Number(process.env.BENCH_SECONDS ?? 5) * 0.4));
const USERS = Number(process.env.BENCH_PEER_USERS ?? 300);
const MAX_ATTEMPTS = 100;
const SHIFT_SECONDS = 60;
const ORIGIN = 'http://127.0.0.1';


const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
const postgres = await testPostgres();
const base = { redisUrl: redisServer.url, userCount: USERS };
const prepStarted = Date.now();
const [plain, twostep, ptotp, better] = await Promise.all([
  startServer({ ...base, twoStep: false }, peerEntry, { PEER_APP: 'plain' }),
  startServer({ ...base, twoStep: true, maxAttempts: MAX_ATTEMPTS, databaseUrl: postgres.url }, peerEntry, { PEER_APP: 'twostep' }),
  startServer({ ...base, twoStep: false }, peerEntry, { PEER_APP: 'passport-totp' }),
  startServer({ ...base, twoStep: false }, peerEntry, { PEER_APP: 'better-auth' }),
]) as [BenchServer, BenchServer, BenchServer, BenchServer];

const json = (cookie: string, extra: Record<string, string> = {}) => ({ cookie, accept: 'application/json', 'content-type': 'application/json', ...extra });
const post = (path: string, pick: () => { cookie: string; code: string }, extra: Record<string, string> = {}): autocannon.RequestSpec[] => [{
  method: 'POST', path,
  setupRequest: (request) => { const s = pick(); return { ...request, headers: json(s.cookie, extra), body: JSON.stringify({ code: s.code }) }; },
}];
const get = (path: string, cookie: () => string): autocannon.RequestSpec[] => [{
  method: 'GET', path, setupRequest: (request) => ({ ...request, headers: { cookie: cookie(), accept: 'application/json' } }),
}];
const expectStatus = async (what: string, response: { status: number; body: unknown }, status: number, bodyHas: string) => {
  if (response.status !== status || !JSON.stringify(response.body).includes(bodyHas)) {
    throw new Error(`${what}: expected ${status} with ${bodyHas}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
};

// ── twostep: users enrolled through the routes, a pending session each; one account locked by real failures.
const usernames = Array.from({ length: USERS }, (_, i) => `user-${i}`);
const twostepSecrets = await inBatches(usernames, 16, async (username) => {
  const client = new CookieClient(twostep.url);
  await client.request('POST', '/login', { username, password: 'pw' });
  const { id, secret } = (await client.request('POST', '/2fa/methods', { type: 'totp' })).body as { id: string; secret: string };
  const confirmed = await client.request('POST', `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: Date.now() }) });
  if (confirmed.status !== 200) throw new Error(`twostep confirm ${username}: ${confirmed.status}`);
  return secret;
});
await twostep.shiftClock(SHIFT_SECONDS);
const shifted = () => Date.now() + SHIFT_SECONDS * 1000;
const twostepPending = await inBatches(usernames, 16, async (username) => {
  const client = new CookieClient(twostep.url);
  if ((await client.request('POST', '/login', { username, password: 'pw' })).status !== 401) throw new Error(`twostep: no pending session for ${username}`);
  const secret = twostepSecrets[Number(username.slice(5))]!;
  return { cookie: client.cookie, code: wrongFor((ms) => generateTotp({ secret, nowMs: ms }), shifted()), secret };
});
// The last user: locked through real wrong codes; the next-to-last: signed in with a correct code.
const twostepLocked = twostepPending.pop()!;
const lockClient = new CookieClient(twostep.url);
lockClient.cookie = twostepLocked.cookie;
for (let i = 0; i < MAX_ATTEMPTS; i += 1) await lockClient.request('POST', '/2fa/verify', { code: twostepLocked.code });
await expectStatus('twostep locked attempt', await lockClient.request('POST', '/2fa/verify', { code: twostepLocked.code }), 429, 'locked');
const twostepSigned = twostepPending.pop()!;
const signedClient = new CookieClient(twostep.url);
signedClient.cookie = twostepSigned.cookie;
await expectStatus('twostep correct code', await signedClient.request('POST', '/2fa/verify', { code: generateTotp({ secret: twostepSigned.secret, nowMs: shifted() }) }), 200, '');
const twostepSignedCookie = signedClient.cookie;
await expectStatus('twostep signed-in', await signedClient.request('GET', '/api/me'), 200, 'user-');
const wrongClient = new CookieClient(twostep.url);
wrongClient.cookie = twostepPending[0]!.cookie;
await expectStatus('twostep wrong code', await wrongClient.request('POST', '/2fa/verify', { code: twostepPending[0]!.code }), 401, 'invalid_code');
await expectStatus('twostep pending GET', await wrongClient.request('GET', '/api/me'), 401, 'second_factor_required');

// ── plain: one signed-in session.
const plainClient = new CookieClient(plain.url);
await expectStatus('plain login', await plainClient.request('POST', '/login', { username: 'user-0', password: 'pw' }), 200, 'loggedIn');

// ── passport-totp: password sessions (req.user set, second factor not yet given), one verified session.
const ptotpKey = passportTotpKeyBytes;
const ptotpPending = await inBatches(usernames, 16, async (username) => {
  const client = new CookieClient(ptotp.url);
  if ((await client.request('POST', '/login', { username, password: 'pw' })).status !== 200) throw new Error(`passport-totp login ${username}`);
  return { cookie: client.cookie, code: wrongFor((ms) => totpAt(ptotpKey(username), ms), Date.now()) };
});
const ptotpSigned = new CookieClient(ptotp.url);
await ptotpSigned.request('POST', '/login', { username: 'user-0', password: 'pw' });
await expectStatus('passport-totp correct code', await ptotpSigned.request('POST', '/peer/verify', { code: totpAt(ptotpKey('user-0'), Date.now()) }), 200, 'verified');
await expectStatus('passport-totp signed-in', await ptotpSigned.request('GET', '/peer/me'), 200, 'user-0');

// ── better-auth: users enrolled in the server at start-up; sign-in challenges made on demand (5 tries each, we use 4).
const betterUsers = (await (await fetch(`${better.url}/bench/users`)).json()) as { email: string; secret: string }[];
const betterWrong = new Map(betterUsers.map((u) => [u.email, wrongFor((ms) => totpAt(Buffer.from(u.secret), ms), Date.now())]));
async function challenges(emails: string[]): Promise<string[]> {
  const response = await fetch(`${better.url}/bench/challenges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emails }) });
  return (await response.json()) as string[];
}
const TRIES_PER_CHALLENGE = 4;
const betterPool: { cookie: string; code: string }[] = [];
let betterNext = 0;
let betterUserNext = 0;
/** Tops the pool up to `uses` wrong-code requests not yet sent. */
async function topUpBetter(uses: number) {
  const missing = Math.ceil((uses - (betterPool.length - betterNext)) / TRIES_PER_CHALLENGE);
  if (missing <= 0) return;
  const emails = Array.from({ length: missing }, () => betterUsers[betterUserNext++ % (betterUsers.length - 2)]!.email);
  for (let i = 0; i < emails.length; i += 200) {
    const batch = emails.slice(i, i + 200);
    const cookies = await challenges(batch);
    cookies.forEach((cookie, j) => { for (let k = 0; k < TRIES_PER_CHALLENGE; k += 1) betterPool.push({ cookie, code: betterWrong.get(batch[j]!)! }); });
  }
}
let betterOverrun = 0;
const pickBetter = () => {
  if (betterNext >= betterPool.length) betterOverrun += 1;
  return betterPool[betterNext++ % betterPool.length]!;
};
// Interleave a challenge's tries with others' (as an attack spread over accounts would).
await topUpBetter(2000);
const lockedUser = betterUsers.at(-1)!;
await fetch(`${better.url}/bench/lock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: lockedUser.email }) });
const [betterLockedCookie] = await challenges([lockedUser.email]);
const signedUser = betterUsers.at(-2)!;
const [betterSignedChallenge] = await challenges([signedUser.email]);
const verified = await fetch(`${better.url}/api/auth/two-factor/verify-totp`, { method: 'POST', headers: json(betterSignedChallenge!, { origin: ORIGIN }), body: JSON.stringify({ code: totpAt(Buffer.from(signedUser.secret), Date.now()) }) });
if (verified.status !== 200) throw new Error(`better-auth correct code: ${verified.status} ${await verified.text()}`);
const betterSignedCookie = verified.headers.getSetCookie().map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('=')).join('; ');
const betterCheck = async (path: string, cookie: string, body?: unknown) => {
  const r = await fetch(`${better.url}${path}`, { method: body ? 'POST' : 'GET', headers: json(cookie, { origin: ORIGIN }), body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: await r.json() };
};
await expectStatus('better-auth signed-in', await betterCheck('/api/me', betterSignedCookie), 200, 'id');
await expectStatus('better-auth locked', await betterCheck('/api/auth/two-factor/verify-totp', betterLockedCookie!, { code: '000000' }), 429, 'ACCOUNT_TEMPORARILY_LOCKED');
console.log(`prepared ${USERS} users per app in ${fmt((Date.now() - prepStarted) / 1000, 1)} s`);

// ── the arms.
interface Arm { key: string; server: BenchServer; expect: number; options: CannonOptions; rounds: RoundResult[]; cpuPerRequest: number[]; redisCpuPerRequest: number[] }
let twostepWrongNext = 0;
let twostepPendingNext = 0;
let ptotpNext = 0;
const arm = (key: string, server: BenchServer, expect: number, options: Omit<CannonOptions, 'url'>): Arm => ({ key, server, expect, options: { url: server.url, ...options }, rounds: [], cpuPerRequest: [], redisCpuPerRequest: [] });
// BENCH_PEER_ARMS=twostep:wrong,passport-totp:wrong runs only those (and the hello worlds their ratios need).
const only = process.env.BENCH_PEER_ARMS?.split(',').map((s) => s.trim()).filter(Boolean);
const allArms: Arm[] = [
  arm('plain:hello', plain, 200, { requests: [{ method: 'GET', path: '/hello' }] }),
  arm('plain:signed-in', plain, 200, { requests: get('/api/me', () => plainClient.cookie) }),
  arm('twostep:hello', twostep, 200, { requests: [{ method: 'GET', path: '/hello' }] }),
  arm('twostep:wrong', twostep, 401, { requests: post('/2fa/verify', () => twostepPending[twostepWrongNext++ % twostepPending.length]!) }),
  arm('twostep:pending GET', twostep, 401, { requests: get('/api/me', () => twostepPending[twostepPendingNext++ % twostepPending.length]!.cookie) }),
  arm('twostep:locked', twostep, 429, { requests: post('/2fa/verify', () => twostepLocked) }),
  arm('twostep:signed-in', twostep, 200, { requests: get('/api/me', () => twostepSignedCookie) }),
  arm('passport-totp:hello', ptotp, 200, { requests: [{ method: 'GET', path: '/hello' }] }),
  arm('passport-totp:wrong', ptotp, 401, { requests: post('/peer/verify', () => ptotpPending[ptotpNext++ % ptotpPending.length]!) }),
  arm('passport-totp:signed-in', ptotp, 200, { requests: get('/peer/me', () => ptotpSigned.cookie) }),
  arm('better-auth:hello', better, 200, { requests: [{ method: 'GET', path: '/hello' }] }),
  arm('better-auth:wrong', better, 401, { requests: post('/api/auth/two-factor/verify-totp', pickBetter, { origin: ORIGIN }) }),
  arm('better-auth:locked', better, 429, { requests: post('/api/auth/two-factor/verify-totp', () => ({ cookie: betterLockedCookie!, code: '000000' }), { origin: ORIGIN }) }),
  arm('better-auth:signed-in', better, 200, { requests: get('/api/me', () => betterSignedCookie) }),
];
const arms = only ? allArms.filter((a) => only.includes(a.key) || (a.key.endsWith(':hello') && only.some((k) => k.startsWith(a.key.split(':')[0]!)))) : allArms;
const byKey = new Map(arms.map((a) => [a.key, a]));
const checkStatuses = (a: Arm, result: RoundResult) => {
  const unexpected = Object.entries(result.statusCounts).filter(([code]) => Number(code) !== a.expect);
  if (unexpected.length > 0 || result.errors > 0) throw new Error(`${a.key}: expected every response ${a.expect}, got ${describeCounts(result.statusCounts)}, ${result.errors} errors`);
};

/** Redis's own CPU time so far (user + system, µs): every app shares this one Redis server. */
async function redisCpuMicros(): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? Number.NaN);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
}

// Redis round trips per request, one arm at a time under MONITOR (slow: no timing taken here).
const COUNTED = 500;
const redisPerRequest = new Map<string, string>();
for (const a of arms) {
  if (a.key.endsWith(':hello')) continue;
  if (a.key === 'better-auth:wrong') await topUpBetter(COUNTED + 100);
  const counted = await watchCommands(redis, async () => {
    const result = await cannon({ ...a.options, amount: COUNTED });
    checkStatuses(a, result);
    return result.requests;
  });
  const total = Object.values(counted.roundTrips).reduce((x, y) => x + y, 0);
  redisPerRequest.set(a.key, `${fmt(total, 2)} (${describeCounts(counted.roundTrips)})`);
}

// Timed rounds.
for (const a of arms) if (a.key.endsWith(':hello')) await cannon({ ...a.options, duration: 1 });
let betterRate = 1500;
for (let round = 0; round < ROUNDS; round += 1) {
  for (let i = 0; i < arms.length; i += 1) {
    const a = arms[(round * 3 + i) % arms.length]!;
    if (a.key === 'better-auth:wrong') await topUpBetter(Math.ceil(betterRate * SECONDS * 2) + 200);
    const cpuBefore = await a.server.cpuMicros();
    const redisBefore = await redisCpuMicros();
    const result = await cannon({ ...a.options, duration: SECONDS });
    a.redisCpuPerRequest.push((await redisCpuMicros() - redisBefore) / result.requests);
    a.cpuPerRequest.push((await a.server.cpuMicros() - cpuBefore) / result.requests);
    checkStatuses(a, result);
    if (a.key === 'better-auth:wrong') betterRate = Math.max(betterRate, result.rps);
    a.rounds.push(result);
  }
}
if (betterOverrun > 0) throw new Error(`better-auth: ${betterOverrun} requests reused a challenge past ${TRIES_PER_CHALLENGE} tries`);

// ── results.
const helloOf = (key: string) => byKey.get(`${key.split(':')[0]}:hello`)!;
const perRound = (key: string) => byKey.get(key)!.rounds.map((r, i) => r.rps / helloOf(key).rounds[i]!.rps);
const ratio = (key: string) => median(perRound(key));
const spread = (values: number[]) => `${fmt(Math.min(...values), 3)}–${fmt(Math.max(...values), 3)}`;
const cell = (key: string) => (byKey.has(key) ? `${fmt(ratio(key), 3)} [${spread(perRound(key))}]` : '—');

console.log(`\npeers: node ${process.version}, ${cpus().length} CPU(s), ${new Date().toISOString()}; ${ROUNDS} rounds × ${SECONDS} s per arm, 10 connections, ${USERS} users per app`);
console.log('throughput as a ratio to hello world in the same process (median over rounds [min–max per round]):');
console.log('| measure | twostep | passport-totp 0.0.2 | better-auth 1.7.25 | plain, no 2FA |');
console.log('|---|---|---|---|---|');
console.log(`| wrong-code verify | ${cell('twostep:wrong')} | ${cell('passport-totp:wrong')} | ${cell('better-auth:wrong')} | — |`);
console.log(`| signed-in request | ${cell('twostep:signed-in')} | ${cell('passport-totp:signed-in')} | ${cell('better-auth:signed-in')} | ${cell('plain:signed-in')} |`);
console.log(`| attempt on a locked account | ${cell('twostep:locked')} | — (no lockout) | ${cell('better-auth:locked')} | — |`);
console.log(`| pending session GET | ${cell('twostep:pending GET')} | — | — | — |`);
const rc = (key: string) => redisPerRequest.get(key) ?? '—';
console.log(`| Redis round trips per wrong code | ${rc('twostep:wrong')} | ${rc('passport-totp:wrong')} | ${rc('better-auth:wrong')} | — |`);
console.log(`| Redis round trips per locked attempt | ${rc('twostep:locked')} | — | ${rc('better-auth:locked')} | — |`);
console.log(`| Redis round trips per signed-in request | ${rc('twostep:signed-in')} | ${rc('passport-totp:signed-in')} | ${rc('better-auth:signed-in')} | ${rc('plain:signed-in')} |`);
console.log(`| hello world req/s (median) | ${['twostep', 'passport-totp', 'better-auth', 'plain'].map((p) => (byKey.has(`${p}:hello`) ? fmt(median(byKey.get(`${p}:hello`)!.rounds.map((r) => r.rps))) : '—')).join(' | ')} |`);
// CPU time of the server process per answered request: far steadier than throughput on a
// shared machine (it does not count the time the load generator or Redis held the CPU).
const cpu = (key: string) => (byKey.has(key) ? `${fmt(median(byKey.get(key)!.cpuPerRequest))} µs` : '—');
console.log('server CPU per request (median over rounds):');
console.log('| measure | twostep | passport-totp 0.0.2 | better-auth 1.7.25 | plain, no 2FA |');
console.log('|---|---|---|---|---|');
console.log(`| hello world | ${cpu('twostep:hello')} | ${cpu('passport-totp:hello')} | ${cpu('better-auth:hello')} | ${cpu('plain:hello')} |`);
console.log(`| wrong-code verify | ${cpu('twostep:wrong')} | ${cpu('passport-totp:wrong')} | ${cpu('better-auth:wrong')} | — |`);
console.log(`| signed-in request | ${cpu('twostep:signed-in')} | ${cpu('passport-totp:signed-in')} | ${cpu('better-auth:signed-in')} | ${cpu('plain:signed-in')} |`);
console.log(`| attempt on a locked account | ${cpu('twostep:locked')} | — | ${cpu('better-auth:locked')} | — |`);
console.log(`| pending session GET | ${cpu('twostep:pending GET')} | — | — | — |`);
// Redis runs on the same cores as the apps and the load generator: its CPU per request counts too.
const redisCpu = (key: string) => (byKey.has(key) ? `${fmt(median(byKey.get(key)!.redisCpuPerRequest))} µs` : '—');
console.log('Redis server CPU per request (median over rounds):');
console.log('| measure | twostep | passport-totp 0.0.2 | better-auth 1.7.25 | plain, no 2FA |');
console.log('|---|---|---|---|---|');
console.log(`| wrong-code verify | ${redisCpu('twostep:wrong')} | ${redisCpu('passport-totp:wrong')} | ${redisCpu('better-auth:wrong')} | — |`);
console.log(`| signed-in request | ${redisCpu('twostep:signed-in')} | ${redisCpu('passport-totp:signed-in')} | ${redisCpu('better-auth:signed-in')} | ${redisCpu('plain:signed-in')} |`);
console.log(`| attempt on a locked account | ${redisCpu('twostep:locked')} | — | ${redisCpu('better-auth:locked')} | — |`);
console.log(`| pending session GET | ${redisCpu('twostep:pending GET')} | — | — | — |`);
console.log('status histograms (all timed rounds):');
for (const a of arms) {
  const total: Record<string, number> = {};
  for (const r of a.rounds) for (const [code, n] of Object.entries(r.statusCounts)) total[code] = (total[code] ?? 0) + n;
  console.log(`  ${a.key.padEnd(24)} ${describeCounts(total)}`);
}
console.log(`  twostep wrong codes: ${twostepWrongNext} requests over ${twostepPending.length} pending sessions (at most ${Math.ceil(twostepWrongNext / twostepPending.length) + 1} wrong codes per user; lock threshold ${MAX_ATTEMPTS} for this bench)`);

// Each goal line also says how the per-round quotients spread and how many rounds met the goal:
// with a median over a handful of noisy rounds, a reader should see how close the call was.
const goal = (text: string, a: string, b: string, target: number) => {
  if (!byKey.has(a) || !byKey.has(b)) return;
  const quotients = perRound(a).map((x, i) => x / perRound(b)[i]!);
  const value = median(quotients);
  const met = quotients.filter((q) => q >= target).length;
  console.log(`» peers: ${text} ${fmt(value, 3)} [rounds ${spread(quotients)}, ${met} of ${quotients.length} at goal] (goal >= ${target}) ${value >= target ? 'MET' : 'MISSED'}`);
};
goal('wrong-code verify, twostep / passport-totp', 'twostep:wrong', 'passport-totp:wrong', 0.85);
goal('wrong-code verify, twostep / better-auth', 'twostep:wrong', 'better-auth:wrong', 3);
goal('locked-account attempt / pending GET (twostep)', 'twostep:locked', 'twostep:pending GET', 1);
goal('signed-in request, twostep / plain', 'twostep:signed-in', 'plain:signed-in', 0.97);
if (byKey.has('twostep:signed-in') && byKey.has('plain:signed-in')) {
  const extra = Number(rc('twostep:signed-in').split(' ')[0]) - Number(rc('plain:signed-in').split(' ')[0]);
  console.log(`» peers: extra Redis round trips on a signed-in request, twostep vs plain ${fmt(extra, 2)} (goal 0) ${extra <= 0 ? 'MET' : 'MISSED'}`);
}

// The per-account lockout and the per-address window ride in one script: a wrong code is the
// session's GET, that script, and the session's EXPIRE (express-session's touch), nothing more.
if (byKey.has('twostep:wrong')) {
  const trips = Number(rc('twostep:wrong').split(' ')[0]);
  console.log(`» peers: Redis round trips per wrong code, twostep ${fmt(trips, 2)}: ${rc('twostep:wrong')} (goal <= 3: GET + one script + EXPIRE) ${trips <= 3 ? 'MET' : 'MISSED'}`);
}
// CPU per wrong code, app + Redis, against passport-totp's in the same rounds.
const cpuOf = (key: string) => (byKey.has(key) ? median(byKey.get(key)!.cpuPerRequest) + median(byKey.get(key)!.redisCpuPerRequest) : undefined);
const ours = cpuOf('twostep:wrong');
const theirs = cpuOf('passport-totp:wrong');
if (ours !== undefined && theirs !== undefined) {
  console.log(`» peers: app + Redis CPU per wrong code, twostep / passport-totp ${fmt(ours / theirs, 3)} (${fmt(ours)} vs ${fmt(theirs)} µs) (goal <= 1.2) ${ours / theirs <= 1.2 ? 'MET' : 'MISSED'}`);
}

redis.disconnect();
await Promise.all([plain, twostep, ptotp, better].map((s) => s.stop()));
await redisServer.stop();
