/**
 * The suite runs on the Express line TWOSTEP_TEST_EXPRESS names (test/support/express-line.mjs):
 * 5 (the default) is Express 5 with Passport 0.7; 4 is Express 4 with Passport 0.6, for the
 * tests, the built package and the processes the tests start. This file proves the switch
 * took: if it did not, every other file would be testing the wrong line without saying so.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import express from 'express';
import passport from 'passport';

const line = process.env.TWOSTEP_TEST_EXPRESS || '5';
const expected = line === '4' ? { express: '4.', passport: '0.6.' } : { express: '5.', passport: '0.7.' };
const versionsFrom = (from: string) => {
  const require = createRequire(from);
  return {
    express: (require('express/package.json') as { version: string }).version,
    passport: (require('passport/package.json') as { version: string }).version,
  };
};

describe(`the suite's Express line (TWOSTEP_TEST_EXPRESS=${line})`, () => {
  it('the tests load the named Express and Passport', () => {
    const here = versionsFrom(import.meta.url);
    console.log(`# Express ${here.express}, Passport ${here.passport}`);
    assert.ok(here.express.startsWith(expected.express), `express ${here.express}`);
    assert.ok(here.passport.startsWith(expected.passport), `passport ${here.passport}`);
    // The imported module is that package, not another copy.
    assert.equal(express, createRequire(import.meta.url)('express'));
    assert.equal(typeof passport.authenticate, 'function');
  });

  it('the built package resolves the same line', () => {
    const dist = new URL('../dist/index.js', import.meta.url).href;
    assert.deepEqual(versionsFrom(dist), versionsFrom(import.meta.url));
  });

  it('a process the tests start (node --import tsx) inherits it', () => {
    const script = "const r = require('node:module').createRequire(process.cwd() + '/'); console.log(r('express/package.json').version, r('passport/package.json').version)";
    const printed = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' }).trim();
    const here = versionsFrom(import.meta.url);
    assert.equal(printed, `${here.express} ${here.passport}`);
  });
});
