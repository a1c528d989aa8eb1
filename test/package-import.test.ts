import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Runs the built package (dist/, as `npm test` builds it) from plain Node, the way users load it.
function run(code: string, type: 'commonjs' | 'module'): string {
  return execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { cwd: root, encoding: 'utf8' }).trim();
}

describe('the built package', () => {
  it('is built with declarations', () => {
    assert.ok(existsSync(new URL('../dist/index.js', import.meta.url)), 'run `npm run build` first');
    assert.ok(existsSync(new URL('../dist/index.d.ts', import.meta.url)));
  });
  it('loads with import', () => {
    const out = run(`import { createTwoStep, redisStore, memoryStore } from 'twostep'; console.log([createTwoStep, redisStore, memoryStore].map((f) => typeof f).join())`, 'module');
    assert.equal(out, 'function,function,function');
  });
  it('loads with require() on Node >= 20.19', () => {
    const out = run(`const { createTwoStep, isTwoStepError } = require('twostep'); console.log(typeof createTwoStep, typeof isTwoStepError)`, 'commonjs');
    assert.equal(out, 'function function');
  });
});
