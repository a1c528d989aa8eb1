import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script without declarations (it runs before anything is installed)
import { staleReason } from '../scripts/ensure-deps.mjs';

function project(lock: Record<string, unknown>, installed?: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'twostep-deps-'));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: lock }));
  if (installed) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: installed }));
  }
  return dir;
}

describe('npm start / npm test install what is missing (scripts/ensure-deps.mjs)', () => {
  const lock = {
    '': { name: 'twostep' },
    'node_modules/express': { version: '5.3.0' },
    'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', optional: true },
  };
  it('asks for npm ci on a fresh clone, and after package-lock.json changed', () => {
    const fresh = project(lock);
    const stale = project(lock, { 'node_modules/express': { version: '5.0.0' } });
    const missing = project(lock, {});
    try {
      assert.equal(staleReason(fresh), 'node_modules is missing');
      assert.match(staleReason(stale), /express 5\.3\.0 is not installed/);
      assert.match(staleReason(missing), /express 5\.3\.0 is not installed/);
    } finally {
      for (const dir of [fresh, stale, missing]) rmSync(dir, { recursive: true, force: true });
    }
  });
  it('does nothing when node_modules matches (optional packages of other platforms are not expected)', () => {
    const current = project(lock, { 'node_modules/express': { version: '5.3.0' } });
    try {
      assert.equal(staleReason(current), undefined);
    } finally {
      rmSync(current, { recursive: true, force: true });
    }
  });
});
