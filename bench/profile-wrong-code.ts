/**
 * Where a wrong code's time goes: CPU profiles of the twostep bench app (Redis counters and
 * enrolments, lockout and replay guard on) taken only while it answers — no setup, no other
 * route — beside the same for passport-totp's wrong code on the same session stack
 * (bench/peers/passport-totp-app.ts) and for a twostep pending session's `GET` (the session
 * stack twostep refuses without verifying anything). Each arm runs once unprofiled, for the
 * app's CPU per request, then profiled, summed by file and by twostep function (self time).
 * `PROFILE=0` skips the profiled runs.
 * Not part of `npm run bench` (no `.bench.ts`): run it by hand when working on the verify path,
 *   node --import tsx bench/profile-wrong-code.ts
 * (BENCH_SECONDS, default 5; the profiles land in the system's temporary folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { CookieClient, cannon, fmt, inBatches, startServer, type BenchServer } from './support/harness.ts';
import { passportTotpKeyBytes, totpAt, wrongFor } from './support/raw-key-totp.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const USERS = 300;
const redisServer = await startRedisServer();
const server = await startServer({ redisUrl: redisServer.url, twoStep: true, userCount: USERS, maxAttempts: 100 });
const peersDir = fileURLToPath(new URL('./peers/', import.meta.url));
const ptotp = existsSync(`${peersDir}node_modules/.package-lock.json`)
  ? await startServer({ redisUrl: redisServer.url, twoStep: false, userCount: USERS }, `${peersDir}server.ts`, { PEER_APP: 'passport-totp' })
  : undefined;
if (!ptotp) console.log('(passport-totp is not installed: `npm ci --prefix bench/peers` adds its arm)');

const pending = await inBatches(Array.from({ length: USERS }, (_, i) => `user-${i}`), 16, async (username) => {
  const client = new CookieClient(server.url);
  await client.request('POST', '/login', { username, password: 'pw' });
  const started = await client.request('POST', '/2fa/methods', { type: 'totp' });
  const { id, secret } = started.body as { id: string; secret: string };
  await client.request('POST', `/2fa/methods/${id}/confirm`, { code: generateTotp({ secret, nowMs: Date.now() }) });
  const fresh = new CookieClient(server.url);
  if ((await fresh.request('POST', '/login', { username, password: 'pw' })).status !== 401) throw new Error(`no pending session for ${username}`);
  const valid = new Set([-1, 0, 1, 2].map((d) => generateTotp({ secret, nowMs: Date.now() + d * 30_000 })));
  let wrong = 0;
  while (valid.has(String(wrong).padStart(6, '0'))) wrong += 1;
  return { cookie: fresh.cookie, wrong: String(wrong).padStart(6, '0') };
});

const ptotpPending = ptotp ? await inBatches(Array.from({ length: USERS }, (_, i) => `user-${i}`), 16, async (username) => {
  const client = new CookieClient(ptotp.url);
  await client.request('POST', '/login', { username, password: 'pw' });
  return { cookie: client.cookie, wrong: wrongFor((ms) => totpAt(passportTotpKeyBytes(username), ms), Date.now()) };
}) : [];

const postCode = (path: string, sessions: Array<{ cookie: string; wrong: string }>) => {
  let next = 0;
  return [{
    method: 'POST' as const, path,
    setupRequest: (request: Record<string, unknown>) => {
      const p = sessions[next++ % sessions.length]!;
      return { ...request, headers: { cookie: p.cookie, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify({ code: p.wrong }) };
    },
  }];
};
let nextGet = 0;
const arms: Array<{ name: string; server: BenchServer; requests: Array<Record<string, unknown>> }> = [
  { name: 'twostep wrong code (POST /2fa/verify)', server, requests: postCode('/2fa/verify', pending) },
  ...(ptotp ? [{ name: 'passport-totp wrong code (POST /peer/verify)', server: ptotp, requests: postCode('/peer/verify', ptotpPending) }] : []),
  {
    name: 'twostep pending session GET (refused)', server,
    requests: [{ method: 'GET', path: '/api/me', setupRequest: (request: Record<string, unknown>) => ({ ...request, headers: { cookie: pending[nextGet++ % pending.length]!.cookie, accept: 'application/json' } }) }],
  },
];

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
function fileOf(url: string, functionName: string): string {
  url = url.replace(/^file:\/\//, '');
  if (url.includes('/node_modules/')) {
    const inside = url.split('/node_modules/').pop()!;
    return `npm:${inside.split('/').slice(0, inside.startsWith('@') ? 2 : 1).join('/')}`;
  }
  return url.includes('/src/') ? `src/${url.split('/src/').pop()}` : url || functionName;
}
function summarise(path: string, requests: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const micros = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    busy += micros;
    const file = fileOf(frame.url, frame.functionName);
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
    if (file.startsWith('src/')) {
      const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    }
  });
  console.log(`  busy CPU ${fmt(busy / requests)} µs per request (the profiler's own cost included); by file (self time per request):`);
  for (const [file, micros] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`    ${fmt(micros / requests, 1).padStart(6)} µs  ${file}`);
  if (byFunction.size === 0) return;
  console.log('  twostep functions (self time per request):');
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${fmt(micros / requests, 1).padStart(6)} µs  ${name}`);
}

for (const arm of arms) {
  await cannon({ url: arm.server.url, duration: 1, requests: arm.requests as never });
  const path = join(tmpdir(), `twostep-profile-${arm.name.split(' (')[0]!.replaceAll(' ', '-')}-${Date.now()}.cpuprofile`);
  // Unprofiled first: the app's CPU per request (user + system) without the profiler's own cost.
  const cpuBefore = await arm.server.cpuMicros();
  const plain = await cannon({ url: arm.server.url, duration: SECONDS, requests: arm.requests as never });
  const cpu = (await arm.server.cpuMicros()) - cpuBefore;
  console.log(`${arm.name}: unprofiled ${fmt(plain.rps)} req/s, app CPU ${fmt(cpu / plain.requests)} µs per request, statuses ${JSON.stringify(plain.statusCounts)}`);
  if (process.env.PROFILE === '0') continue;
  await arm.server.profile('start');
  const result = await cannon({ url: arm.server.url, duration: SECONDS, requests: arm.requests as never });
  await arm.server.profile('stop', path);
  console.log(`  profiled: ${result.requests} requests, ${fmt(result.rps)} req/s, statuses ${JSON.stringify(result.statusCounts)} (${path})`);
  summarise(path, result.requests);
}

await server.stop();
await ptotp?.stop();
await redisServer.stop();
