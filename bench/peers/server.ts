/**
 * Child-process entry for one arm of bench/peers.bench.ts: `PEER_APP` names the app
 * (plain | twostep | passport-totp | better-auth), `BENCH_APP` carries its config. Listens on a
 * free loopback port and talks to the parent as every bench server does (`serve-to-parent.ts`).
 */
import { buildBenchApp, type BenchAppConfig } from '../support/bench-app.ts';
import { serveToParent } from '../support/serve-to-parent.ts';
import { buildPassportTotpApp } from './passport-totp-app.ts';
import { buildBetterAuthApp } from './better-auth-app.ts';

const kind = process.env.PEER_APP;
if (kind === 'better-auth') {
  // autocannon ends a timed run by closing its sockets mid-request; better-auth logs each one
  // ("aborted", ECONNRESET) to stderr. Those are not answers and not errors of the arm: drop them.
  const error = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.some((a) => (a as { code?: string } | null)?.code === 'ECONNRESET')) return;
    error(...args);
  };
}
const config = JSON.parse(process.env.BENCH_APP ?? '{}') as BenchAppConfig;
const app = kind === 'better-auth' ? await buildBetterAuthApp(config)
  : kind === 'passport-totp' ? buildPassportTotpApp(config)
  : buildBenchApp(config);
serveToParent(app);
