/**
 * The HTTP layer reads and changes account state through core functions
 * (`readAccountStatus` and friends), never a store directly: where each part lives
 * (enrolment store, counters store) is the core's business.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const httpDir = fileURLToPath(new URL('../src/http', import.meta.url));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('layer boundaries', () => {
  it('no file under src/http calls a store directly', () => {
    const offenders = sourcesUnder(httpDir).flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      return [...text.matchAll(/\bctx\.(store|enrolments)\.\w+/g)].map((match) => `${path.slice(httpDir.length + 1)}: ${match[0]}`);
    });
    assert.deepEqual(offenders, []);
  });
});
