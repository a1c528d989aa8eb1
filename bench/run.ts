/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn, each in its own Node process (so
 * one bench's heap and timers never skew the next), streams its output, and ends with the
 * summary lines (those starting with `»`) of all of them. A bench that fails is reported and
 * makes the run exit non-zero; the others still run.
 *
 * Environment: BENCH_ROUNDS (default 3), BENCH_SECONDS (default 5), BENCH_VERIFY_USERS, BENCH_PEER_USERS, BENCH_SCALE_ACTIVE, BENCH_SCALE_LARGE,
 * BENCH_MEMORY_USERS; `npm run bench -- verify` runs only the benches whose name contains "verify".
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

const summary: string[] = [];
let failed = 0;
const startedAt = Date.now();
console.log(`twostep benchmarks — node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}`);
console.log('Absolute numbers on a shared machine mean little: read the ratios, measured within one run.\n');

for (const name of benches) {
  console.log(`── ${name}`);
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', `${dir}${name}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('»')) summary.push(line);
    });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  console.log(`   (${((Date.now() - started) / 1000).toFixed(0)} s, exit ${code})\n`);
  if (code !== 0) {
    failed += 1;
    summary.push(`» ${name}: FAILED (exit ${code})`);
  }
}

console.log(`Summary (${benches.length} benches, ${((Date.now() - startedAt) / 1000).toFixed(0)} s):`);
for (const line of summary) console.log(line);
process.exitCode = failed > 0 ? 1 : 0;
