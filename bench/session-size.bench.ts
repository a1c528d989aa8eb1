/**
 * What twostep adds to a session in Redis. The same Express 5 + express-session (connect-redis)
 * + Passport app without and with twostep, on one Redis: the session express-session stores for
 * the same kind of user, read back by key — its JSON length (STRLEN) and what Redis spends on
 * the key (MEMORY USAGE) — for a signed-in user without twostep, and with twostep: a user
 * without 2FA, a pending session (password given, code not yet) and the verified session after
 * the code, for a user with one and with five authenticator apps. Then what a million such
 * sessions take, from MEMORY USAGE (Redis's own overhead per key included, no fragmentation).
 * Counted, not timed: the numbers are the same every run.
 */
import { Redis } from 'ioredis';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { CookieClient, fmt, startServer } from './support/harness.ts';

const GOAL_VERIFIED_BYTES = 200;
const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
const [plain, twostep] = await Promise.all([
  startServer({ redisUrl: redisServer.url, twoStep: false, userCount: 10 }),
  startServer({ redisUrl: redisServer.url, twoStep: true, userCount: 10 }),
]);

/** The stored session behind a client's cookie: `connect.sid=s%3A<sid>.<signature>`. */
async function stored(client: CookieClient, prefix: string): Promise<{ bytes: number; memory: number }> {
  const sid = decodeURIComponent(client.cookie.slice('connect.sid='.length)).replace(/^s:/, '').replace(/\.[^.]*$/, '');
  const key = `${prefix}${sid}`;
  const bytes = await redis.strlen(key);
  const memory = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  if (bytes === 0) throw new Error(`no session at ${key}`);
  return { bytes, memory };
}

async function signIn(server: typeof plain, username: string, expect: number): Promise<CookieClient> {
  const client = new CookieClient(server.url);
  let login = await client.request('POST', '/login', { username, password: 'pw' });
  // A server's Redis client may still be connecting (it queues nothing, as the README advises): retry a moment.
  for (let tries = 0; login.status === 500 && tries < 50; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    login = await client.request('POST', '/login', { username, password: 'pw' });
  }
  if (login.status !== expect) throw new Error(`login ${username}: ${login.status}, expected ${expect}`);
  return client;
}

/** The twostep server's clock, moved forward so each code is a fresh step (never a replay). */
let shiftedSeconds = 0;
const serverNow = () => Date.now() + shiftedSeconds * 1000;
async function shift(seconds: number) {
  shiftedSeconds += seconds;
  // The server's shift is set, not added to.
  await twostep.shiftClock(shiftedSeconds);
}

/** Sets up `apps` authenticator apps for `username`; answers the secrets. */
async function enrolApps(username: string, apps: number): Promise<string[]> {
  const client = await signIn(twostep, username, 200);
  const secrets: string[] = [];
  for (let i = 0; i < apps; i += 1) {
    // Adding a second method is a security change: a fresh code from the first app first.
    if (i > 0) {
      const fresh = await client.request('POST', '/2fa/reverify', { code: generateTotp({ secret: secrets[0]!, nowMs: serverNow() }) });
      if (fresh.status !== 200) throw new Error(`reverify ${username} before app ${i + 1} (shifted ${shiftedSeconds} s): ${fresh.status} ${JSON.stringify(fresh.body)}`);
      await shift(30);
    }
    const started = await client.request('POST', '/2fa/methods', { type: 'totp' });
    if (started.status !== 201) throw new Error(`add app ${i + 1} for ${username}: ${started.status} ${JSON.stringify(started.body)}`);
    const { id, secret } = started.body as { id: string; secret: string };
    const confirmed = await client.request('POST', `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: serverNow() }) });
    if (confirmed.status !== 200) throw new Error(`confirm ${username} app ${i + 1}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    await shift(30);
    secrets.push(secret);
  }
  return secrets;
}

const baseline = await stored(await signIn(plain, 'user-0', 200), 'sess-without:');
const rows: [string, { bytes: number; memory: number }][] = [];
rows.push(['twostep, user without 2FA (signed in)', await stored(await signIn(twostep, 'user-0', 200), 'sess-with:')]);
for (const [username, apps] of [['user-1', 1], ['user-2', 5]] as const) {
  const secrets = await enrolApps(username, apps);
  await shift(60);
  const client = await signIn(twostep, username, 401);
  rows.push([`twostep, pending (${apps} app${apps > 1 ? 's' : ''})`, await stored(client, 'sess-with:')]);
  const verified = await client.request('POST', '/2fa/verify', { code: generateTotp({ secret: secrets[0]!, nowMs: serverNow() }) });
  if (verified.status !== 200) throw new Error(`verify ${username}: ${verified.status} ${JSON.stringify(verified.body)}`);
  rows.push([`twostep, verified (${apps} app${apps > 1 ? 's' : ''})`, await stored(client, 'sess-with:')]);
}

console.log('session in Redis (express-session JSON via connect-redis), against the app without twostep:');
console.log('| session | JSON bytes | + over plain | Redis MEMORY USAGE | + over plain |');
console.log('|---|---|---|---|---|');
console.log(`| plain app, signed in | ${baseline.bytes} | — | ${baseline.memory} B | — |`);
for (const [name, size] of rows) {
  console.log(`| ${name} | ${size.bytes} | +${size.bytes - baseline.bytes} | ${size.memory} B | +${size.memory - baseline.memory} |`);
}
const mib = (bytes: number) => fmt((bytes * 1_000_000) / 2 ** 20, 0);
const verifiedOne = rows.find(([name]) => name === 'twostep, verified (1 app)')![1];
console.log(`1 million signed-in sessions in Redis: ${mib(baseline.memory)} MiB without twostep, ${mib(verifiedOne.memory)} MiB with twostep (verified, MEMORY USAGE per key × 10^6)`);
const worstVerified = Math.max(...rows.filter(([name]) => !name.includes('pending')).map(([, size]) => size.bytes - baseline.bytes));
console.log(`» session size: a verified session adds at most ${worstVerified} JSON bytes over the plain app's (without 2FA, 1 and 5 apps) (goal <= ${GOAL_VERIFIED_BYTES}) ${worstVerified <= GOAL_VERIFIED_BYTES ? 'MET' : 'MISSED'}`);
const pendingFive = rows.find(([name]) => name === 'twostep, pending (5 apps)')![1];
console.log(`» session size: a pending session adds ${rows.find(([name]) => name === 'twostep, pending (1 app)')![1].bytes - baseline.bytes} (1 app) and ${pendingFive.bytes - baseline.bytes} (5 apps) JSON bytes, for the length of a sign-in (information)`);

redis.disconnect();
await Promise.all([plain.stop(), twostep.stop()]);
await redisServer.stop();
