/**
 * What the HTTP benches share: the app in a child process, autocannon rounds reduced to
 * medians, Redis `INFO commandstats` deltas, and a small cookie-keeping client to prepare
 * sessions through the real routes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Redis } from 'ioredis';
import type { BenchAppConfig } from './bench-app.ts';

export interface BenchServer {
  url: string;
  shiftClock(seconds: number): Promise<void>;
  /** The server process's CPU time so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  /** Starts, or stops and writes to `path`, a CPU profile of the server process (see `serve-to-parent.ts`). */
  profile(action: 'start' | 'stop', path?: string): Promise<void>;
  stop(): Promise<void>;
}

const serverEntry = fileURLToPath(new URL('./server-process.ts', import.meta.url));

/** `entry`/`env`: another server entry (bench/peers/server.ts) and what it reads. */
export async function startServer(config: BenchAppConfig, entry = serverEntry, env: Record<string, string> = {}): Promise<BenchServer> {
  const child: ChildProcess = fork(entry, [], {
    // BENCH_PROFILE=<dir> writes a CPU profile of the server (see the README's Performance section).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: { ...process.env, ...env, BENCH_APP: JSON.stringify(config), NODE_ENV: 'bench' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const [first] = (await once(child, 'message')) as [{ port: number }];
  return {
    url: `http://127.0.0.1:${first.port}`,
    async shiftClock(seconds) {
      child.send({ shiftSeconds: seconds });
      await once(child, 'message');
    },
    async profile(action, path) {
      child.send({ profile: action, ...(path ? { path } : {}) });
      await once(child, 'message');
    },
    async cpuMicros() {
      child.send({ cpu: true });
      const [reply] = (await once(child, 'message')) as [{ cpuMicros: number }];
      return reply.cpuMicros;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      // Disconnecting lets the server exit by itself (and write its profile); kill if it hangs.
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface RoundResult {
  rps: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
}

export type CannonOptions = Omit<autocannon.Options, 'url'> & { url: string };

export async function cannon(options: CannonOptions): Promise<RoundResult> {
  const connections = options.connections ?? 10;
  const result = await autocannon({ connections, ...options });
  // autocannon counts per whole second and stops on a second's tick, so a run by `amount`
  // that ends within a second reports its request count as its rate. For those, Little's law
  // on the closed loop: each connection sends its next request when the last one answers.
  return {
    rps: options.amount !== undefined ? (connections * 1000) / result.latency.average : result.requests.average,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, (v as { count: number }).count])),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Calls per command since the last `resetStats`, without the INFO that reads them. */
export async function commandStats(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const counts: Record<string, number> = {};
  for (const line of info.split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match && match[1] !== 'info' && match[1] !== 'config|resetstat') counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

export async function resetStats(redis: Redis): Promise<void> {
  await redis.config('RESETSTAT');
}

/**
 * Commands seen by `MONITOR` while `run` goes: round trips from clients apart from the
 * commands Lua scripts run inside Redis (which `INFO commandstats` lumps together).
 */
export async function watchCommands(redis: Redis, run: () => Promise<number>): Promise<{ roundTrips: Record<string, number>; inScripts: Record<string, number>; requests: number }> {
  const monitor = await redis.monitor();
  const roundTrips: Record<string, number> = {};
  const inScripts: Record<string, number> = {};
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const name = String(args[0]).toLowerCase();
    const bucket = source === 'lua' ? inScripts : roundTrips;
    bucket[name] = (bucket[name] ?? 0) + 1;
  });
  const requests = await run();
  // MONITOR lines arrive after the replies: let the tail drain.
  await new Promise((resolve) => setTimeout(resolve, 200));
  monitor.disconnect();
  return { roundTrips: perRequest(roundTrips, requests), inScripts: perRequest(inScripts, requests), requests };
}

export function perRequest(counts: Record<string, number>, requests: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([name, calls]) => [name, Math.round((calls / requests) * 1000) / 1000]));
}

export function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([name, n]) => `${name} ${n}`).join(', ');
}

/** A fetch client that keeps the session cookie, as a browser would. */
export class CookieClient {
  cookie = '';
  constructor(private readonly base: string) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { accept: 'application/json', 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('connect.sid='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  }));
  return results;
}

export const fmt = (n: number, digits = 0) => n.toFixed(digits);
