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
  it('checks rpIDs against the public suffix list (tldts) from require() and import alike', () => {
    const probe = (load: string) => `${load}
const base = { secret: 'x'.repeat(40), users: { id: (u) => u.id }, store: memoryStore() };
const make = (rpID) => { try { createTwoStep({ ...base, webauthn: { rpID, rpName: 'E', origins: ['https://login.myclinic.co.uk'] } }); return 'ok'; } catch (e) { return e.message.includes('public suffix') ? 'suffix' : e.message; } };
console.log(make('co.uk'), make('myclinic.co.uk'));`;
    assert.equal(run(probe(`const { createTwoStep, memoryStore } = require('twostep');`), 'commonjs'), 'suffix ok');
    assert.equal(run(probe(`import { createTwoStep, memoryStore } from 'twostep';`), 'module'), 'suffix ok');
  });
});
