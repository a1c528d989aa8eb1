/**
 * Child-process entry: builds the bench app from the JSON config in `BENCH_APP`, listens on
 * a free loopback port and reports it to the parent. The parent may send `{ shiftSeconds }`
 * to move twostep's clock.
 */
import type { AddressInfo } from 'node:net';
import { buildBenchApp, shiftableClock, type BenchAppConfig } from './bench-app.ts';

const config = JSON.parse(process.env.BENCH_APP ?? '{}') as BenchAppConfig;
const server = buildBenchApp(config).listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
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
// The parent owns this process: leave when it goes.
process.on('disconnect', () => process.exit(0));
