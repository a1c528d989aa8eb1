/**
 * An app run as its users run it: `node <entry>` in its own process (no tsx, no hooks of the
 * test process), configured through its environment, listening on PORT. Ready once the port
 * accepts connections; everything it printed is kept for the failure message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './redis-server.js';

export interface NodeAppProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startNodeApp(entry: string, env: Record<string, string>, { startSeconds = 15 } = {}): Promise<NodeAppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const exited = once(child, 'exit');

  const deadline = Date.now() + startSeconds * 1000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${entry} exited (${child.exitCode ?? child.signalCode}) before listening:\n${printed}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not listen within ${startSeconds} s:\n${printed}`);
    }
    await sleep(50);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => printed,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      running.delete(child);
    },
  };
}
