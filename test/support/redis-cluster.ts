/**
 * A throwaway three-master Redis Cluster for tests: three `redis-server --cluster-enabled yes`
 * processes on free loopback ports (never 6379), joined with `redis-cli --cluster create`,
 * no persistence, their node files in a temporary directory. Everything is killed and removed
 * on `stop()` and, whatever happens, when the test process exits.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, sendCommand, waitForPing } from './redis-server.ts';

const run = promisify(execFile);

export interface TestRedisCluster {
  ports: number[];
  /** Seed nodes for `new Cluster(nodes, …)`. */
  nodes: { host: string; port: number }[];
  /** FLUSHALL on every master. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const directories = new Set<string>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

function launch(port: number, dir: string): ChildProcess {
  const child = spawn('redis-server', [
    '--cluster-enabled', 'yes',
    '--cluster-config-file', join(dir, `nodes-${port}.conf`),
    '--cluster-node-timeout', '2000',
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--save', '',
    '--appendonly', 'no',
    '--dir', dir,
  ], { stdio: 'ignore' });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

async function waitForClusterOk(ports: number[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await Promise.all(ports.map(async (port) => {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'CLUSTER', 'INFO']);
      return /cluster_state:ok/.test(stdout) && /cluster_known_nodes:3/.test(stdout);
    }));
    if (states.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`Redis Cluster on ${ports.join(', ')} did not reach cluster_state:ok within 20 s`);
    await sleep(100);
  }
}

export async function startRedisCluster(): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'twostep-cluster-'));
  directories.add(dir);
  const ports: number[] = [];
  while (ports.length < 3) {
    const port = await freePort();
    if (port !== 6379 && !ports.includes(port)) ports.push(port);
  }
  const children = ports.map((port) => launch(port, dir));

  async function stop(): Promise<void> {
    await Promise.all(children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }));
    rmSync(dir, { recursive: true, force: true });
    directories.delete(dir);
  }

  try {
    await Promise.all(ports.map((port, i) => waitForPing(port, children[i]!)));
    await run('redis-cli', [
      '--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas', '0', '--cluster-yes',
    ]);
    await waitForClusterOk(ports);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    ports,
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    async flush() {
      await Promise.all(ports.map(async (port) => {
        const reply = await sendCommand(port, 'FLUSHALL');
        if (reply !== '+OK') throw new Error(`FLUSHALL on ${port} answered ${reply}`);
      }));
    },
    stop,
  };
}
