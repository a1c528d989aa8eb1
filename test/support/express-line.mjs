/**
 * `npm test` loads this first (`node --import`). With TWOSTEP_TEST_EXPRESS=4 the whole suite —
 * the tests, the built dist and every package they load — runs on Express 4 and Passport 0.6:
 * `express` resolves to the `express4` devDependency (npm:express@4.21.2) and `passport` to
 * `passport06` (npm:passport@0.6.0), for `import` (a resolve hook) and for `require()`
 * (Node's CommonJS resolver). Unset or 5: nothing changes (Express 5, Passport 0.7).
 * Child processes the tests start inherit it through NODE_OPTIONS. Only imports from inside
 * this project are aliased: a fresh app a test builds in a temporary folder keeps its own.
 */
import Module, { register } from 'node:module';
import { aliasOf } from './express-line-hooks.mjs';

const LINES = {
  4: { express: 'express4', passport: 'passport06' },
  5: {},
};

const line = process.env.TWOSTEP_TEST_EXPRESS || '5';
if (!Object.hasOwn(LINES, line)) {
  throw new Error(`TWOSTEP_TEST_EXPRESS=${line}: set it to 4 (Express 4 with Passport 0.6) or 5 (the default, Express 5 with Passport 0.7).`);
}
const aliases = LINES[line];
const LOADED = Symbol.for('twostep.test.expressLine');

if (Object.keys(aliases).length > 0 && !globalThis[LOADED]) {
  globalThis[LOADED] = true;
  register('./express-line-hooks.mjs', import.meta.url, { data: aliases });
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveOnLine(request, parent, ...rest) {
    return resolveFilename.call(this, aliasOf(request, parent?.filename ?? undefined, aliases), parent, ...rest);
  };
  const self = `--import=${import.meta.url}`;
  const inherited = process.env.NODE_OPTIONS ?? '';
  if (!inherited.includes(self)) process.env.NODE_OPTIONS = `${inherited} ${self}`.trim();
}
