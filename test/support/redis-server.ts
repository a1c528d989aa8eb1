/**
 * A throwaway `redis-server` for tests: its own loopback port (never the 6379 a developer
 * may be using), no persistence, killed when the test process exits. `restart()` brings it
 * back on the same port so a client can be seen to fail closed and then recover; `pause()`
 * makes it hang, to prove calls time out instead of waiting forever.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TestRedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  flush(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing (a hung Redis). */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
}

const running = new Set<ChildProcess>();
const folders = new Set<string>();

// Leave no redis-server (nor its folder) behind, however the test process ends.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.kill(process.pid, signal);
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/** Sends one inline command and resolves with the first reply line. */
export function sendCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy(new Error(`redis-server on ${port} did not answer ${line}`)));
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.split('\r\n')[0] ?? '');
      }
    });
    socket.on('error', reject);
  });
}

export async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with code ${child.exitCode}`);
    try {
      if ((await sendCommand(port, 'PING')) === '+PONG') return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer PING within 10 s`);
    await sleep(20);
  }
}

/**
 * `dir` is a temporary folder of the server's own: a test that turns `appendonly` on at run time
 * would otherwise leave Redis's `appendonlydir/` in the working directory (the repository root).
 */
function launch(port: number, dir: string): ChildProcess {
  const child = spawn(
    'redis-server',
    ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
    { stdio: 'ignore' },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  if (port === 6379) throw new Error('refusing to use port 6379');
  const dir = mkdtempSync(join(tmpdir(), 'twostep-redis-'));
  folders.add(dir);
  let child: ChildProcess | null = launch(port, dir);
  await waitForPing(port, child);

  async function stop(): Promise<void> {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = once(current, 'exit');
    current.kill('SIGKILL');
    await exited;
  }

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      child = launch(port, dir);
      await waitForPing(port, child);
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async flush() {
      const reply = await sendCommand(port, 'FLUSHALL');
      if (reply !== '+OK') throw new Error(`FLUSHALL answered ${reply}`);
    },
  };
}
