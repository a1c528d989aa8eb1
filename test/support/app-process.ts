/** Forks an app process (`revocation-app-process.ts`, `settings-app-process.ts`) and talks to it over HTTP (a cookie-keeping supertest agent per browser). */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import request from 'supertest';

export interface AppProcess {
  url: string;
  pid: number;
  agent(): ReturnType<typeof request.agent>;
  revocation(): Promise<{ live: boolean; remembered: number }>;
  /** Resolves once the process's revocation feed is live (or the deadline passes: rejects). */
  waitLive(live?: boolean, withinMs?: number): Promise<number>;
  stop(): Promise<void>;
}

const revocationApp = fileURLToPath(new URL('./revocation-app-process.ts', import.meta.url));

/** `entry`: the app to fork (one serving GET /test/revocation); the revocation test app by default. */
export async function startAppProcess(env: Record<string, string>, entry = revocationApp): Promise<AppProcess> {
  const child: ChildProcess = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const [hello] = (await once(child, 'message')) as [{ port: number; pid: number }];
  const url = `http://127.0.0.1:${hello.port}`;
  const revocation = async () => (await request(url).get('/test/revocation')).body as { live: boolean; remembered: number };
  return {
    url,
    pid: hello.pid,
    agent: () => request.agent(url),
    revocation,
    async waitLive(live = true, withinMs = 5000) {
      const started = Date.now();
      while ((await revocation()).live !== live) {
        if (Date.now() - started > withinMs) throw new Error(`process ${hello.pid} did not become ${live ? 'live' : 'not live'} within ${withinMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return Date.now() - started;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
