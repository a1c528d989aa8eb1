/**
 * Where a wrong code's time goes: a CPU profile of the twostep bench app (Redis counters and
 * enrolments, lockout and replay guard on) taken only while it answers wrong codes — no setup,
 * no other route — summed by file and by function (self time), beside the same for a pending
 * session's `GET` (the session stack twostep refuses without verifying anything). Not part of
 * `npm run bench` (no `.bench.ts`): run it by hand when working on the verify path,
 *   node --import tsx bench/profile-wrong-code.ts
 * (BENCH_SECONDS, default 5; the profiles land in the system's temporary folder).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTotp } from '../src/testing/index.js';
import { startRedisServer } from '../test/support/redis-server.ts';
import { CookieClient, cannon, fmt, inBatches, startServer } from './support/harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const USERS = 300;
const redisServer = await startRedisServer();
const server = await startServer({ redisUrl: redisServer.url, twoStep: true, userCount: USERS, maxAttempts: 100 });

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

let next = 0;
const arms = {
  'wrong code (POST /2fa/verify)': [{
    method: 'POST' as const, path: '/2fa/verify',
    setupRequest: (request: Record<string, unknown>) => {
      const p = pending[next++ % pending.length]!;
      return { ...request, headers: { cookie: p.cookie, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify({ code: p.wrong }) };
    },
  }],
  'pending session GET (refused)': [{
    method: 'GET' as const, path: '/api/me',
    setupRequest: (request: Record<string, unknown>) => ({ ...request, headers: { cookie: pending[next++ % pending.length]!.cookie, accept: 'application/json' } }),
  }],
};

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
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
    const url = frame.url.replace(/^file:\/\//, '');
    const file = url.includes('/node_modules/') ? `npm:${url.split('/node_modules/').pop()!.split('/').slice(0, url.split('/node_modules/').pop()!.startsWith('@') ? 2 : 1).join('/')}`
      : url.includes('/src/') ? `src/${url.split('/src/').pop()}` : url || frame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
    if (file.startsWith('src/')) {
      const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    }
  });
  console.log(`  busy CPU ${fmt(busy / requests)} µs per request; by file (self time per request):`);
  for (const [file, micros] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`    ${fmt(micros / requests, 1).padStart(6)} µs  ${file}`);
  console.log('  twostep functions (self time per request):');
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${fmt(micros / requests, 1).padStart(6)} µs  ${name}`);
}

for (const [name, requests] of Object.entries(arms)) {
  await cannon({ url: server.url, duration: 1, requests: requests as never });
  const path = join(tmpdir(), `twostep-${name.split(' ')[0]}-${Date.now()}.cpuprofile`);
  await server.profile('start');
  const result = await cannon({ url: server.url, duration: SECONDS, requests: requests as never });
  await server.profile('stop', path);
  console.log(`${name}: ${result.requests} requests, ${fmt(result.rps)} req/s, statuses ${JSON.stringify(result.statusCounts)} (${path})`);
  summarise(path, result.requests);
}

await server.stop();
await redisServer.stop();
