/**
 * What every bench server child process says to its parent over IPC: the port it listens on
 * once ready; `{ shiftSeconds }` moves twostep's clock (answered `{ shifted }`); `{ cpu }` asks
 * for the process's CPU time so far (answered `{ cpuMicros }`, user + system);
 * `{ profile: 'start' }` and `{ profile: 'stop', path }` take a V8 CPU profile of just what
 * happens between them (answered `{ profiling }`), so a profile holds the measured requests and
 * not the setup before them. The child leaves when the parent goes.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { shiftableClock } from './bench-app.ts';

export function serveToParent(app: Express): void {
  const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  let profiler: Session | undefined;
  process.on('message', async (message: { shiftSeconds?: number; cpu?: boolean; profile?: 'start' | 'stop'; path?: string }) => {
    if (message.profile === 'start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.post('Profiler.start');
      process.send?.({ profiling: true });
    }
    if (message.profile === 'stop' && profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(message.path ?? 'wrong-code.cpuprofile', JSON.stringify(profile));
      profiler.disconnect();
      profiler = undefined;
      process.send?.({ profiling: false });
    }
    if (message.cpu) {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
    }
    if (typeof message.shiftSeconds === 'number') {
      shiftableClock.shiftMs = message.shiftSeconds * 1000;
      process.send?.({ shifted: true });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
