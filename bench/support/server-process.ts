/**
 * Child-process entry: builds the bench app from the JSON config in `BENCH_APP` and serves it
 * to the parent (see `serve-to-parent.ts`).
 */
import { buildBenchApp, type BenchAppConfig } from './bench-app.ts';
import { serveToParent } from './serve-to-parent.ts';

serveToParent(buildBenchApp(JSON.parse(process.env.BENCH_APP ?? '{}') as BenchAppConfig));
