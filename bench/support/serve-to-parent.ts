/**
 * What every bench server child process says to its parent over IPC: the port it listens on
 * once ready; `{ shiftSeconds }` moves twostep's clock (answered `{ shifted }`); `{ cpu }` asks
 * for the process's CPU time so far (answered `{ cpuMicros }`, user + system). The child
 * leaves when the parent goes.
 */
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { shiftableClock } from './bench-app.ts';

export function serveToParent(app: Express): void {
  const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', (message: { shiftSeconds?: number; cpu?: boolean }) => {
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
