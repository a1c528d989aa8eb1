/**
 * The layers, checked from the imports themselves:
 * - The HTTP layer reads and changes account state through core functions
 *   (`readAccountStatus` and friends), never a store directly: where each part lives
 *   (enrolment store, counters store) is the core's business.
 * - Every import between two parts of `src/` (and between two parts of `src/http/`) goes
 *   down the ranks below, never up or across: a part never needs one above it, so no
 *   change at the top can break the bottom, and there is no circle of files anywhere.
 * - Below the HTTP layer nothing imports Express: the core works on plain values.
 * - A method is a unit: only its own modules compare a method type by name; routes, pages,
 *   notifications and the rest of the core ask its unit (`methods/method-units.ts`).
 * - Code for tests (the store contracts) lives in `src/testing/` alone, the `twostep/testing`
 *   entry: the package apps run imports no `node:test`.
 * - One writer per decision: the signed-in record is written, and `verified` announced, in
 *   one file each; an attempt is reserved in one file; a sign-in is judged new in one file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));
const httpDir = join(srcDir, 'http');

/** Lower ranks are imported by higher ones, never the other way; equal ranks do not import each other. */
const SRC_RANKS: Record<string, number> = {
  'hot-path.ts': -1,
  'clock.ts': 0, 'errors.ts': 0, 'languages.ts': 0,
  crypto: 1, 'option-checks.ts': 1, delivery: 1,
  // The `twostep/metrics` entry: definitions, bounded labels, the two adapters; no part of twostep below it.
  metrics: 1,
  store: 2,
  enrolments: 3, revocation: 3,
  // Organisation settings: a data layer like enrolments (it reuses their Redis checks); events name its records.
  organisations: 3.5,
  'events.ts': 4, methods: 4, backends: 4,
  // Pages ask a method's unit (methods/) what it is; the core never renders.
  core: 5, pages: 5,
  notifications: 6,
  // What feeds `metrics`: listeners on the events and wrappers around the backends, like notifications.
  'metrics-feed': 6,
  // Every shipped language, whole: the pages', emails' and code messages' packs together.
  'language-packs.ts': 6.5,
  'options-types.ts': 7,
  // `lang`, `texts` and `languages` resolved: what options.ts calls.
  'language-options.ts': 7.5,
  // `support` checked: what options.ts calls.
  'support-option.ts': 7.5,
  'options.ts': 8,
  http: 9,
  'create-two-step.ts': 10,
  'index.ts': 11, testing: 11,
};
const HTTP_RANKS: Record<string, number> = {
  'http-context.ts': 0,
  request: 1, 'forward-rejections.ts': 1,
  session: 2,
  'view-models': 3,
  respond: 4,
  middleware: 5, routes: 5, passport: 5,
  'router.ts': 6, 'admin-router.ts': 6,
};
/** The parts that know nothing of HTTP. */
const BELOW_HTTP = Object.keys(SRC_RANKS).filter((part) => SRC_RANKS[part]! < SRC_RANKS['options-types.ts']!);

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|import\('([^']+)'\)/g;

/** Every file's imports: relative ones resolved to files, packages by name. */
const imports = new Map(sourcesUnder(srcDir).map((path) => {
  const text = readFileSync(path, 'utf8');
  const specs = [...text.matchAll(IMPORT)].map((match) => (match[1] ?? match[2])!);
  return [path, specs.map((spec) => (spec.startsWith('.') ? resolve(dirname(path), spec).replace(/\.js$/, '.ts') : spec))] as const;
}));

function partOf(root: string, path: string): string {
  return relative(root, path).split('/')[0]!;
}

function upwardImports(root: string, ranks: Record<string, number>): string[] {
  const offenders: string[] = [];
  for (const [path, targets] of imports) {
    if (!path.startsWith(`${root}/`)) continue;
    const from = partOf(root, path);
    for (const target of targets) {
      if (!target.startsWith(`${root}/`)) continue;
      const to = partOf(root, target);
      if (from === to) continue;
      assert.ok(from in ranks && to in ranks, `${relative(srcDir, path)} or ${relative(srcDir, target)} has no rank: give its part one in this test`);
      if (ranks[to]! >= ranks[from]!) offenders.push(`${relative(srcDir, path)} -> ${relative(srcDir, target)}`);
    }
  }
  return offenders;
}

describe('layer boundaries', () => {
  it('no file under src/http calls a store directly', () => {
    const offenders = sourcesUnder(httpDir).flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      return [...text.matchAll(/\bctx\.(store|enrolments)\.\w+/g)].map((match) => `${path.slice(httpDir.length + 1)}: ${match[0]}`);
    });
    assert.deepEqual(offenders, []);
  });

  it('the parts of src import only parts of a lower rank', () => {
    assert.deepEqual(upwardImports(srcDir, SRC_RANKS), []);
  });

  it('the parts of src/http import only parts of a lower rank', () => {
    assert.deepEqual(upwardImports(httpDir, HTTP_RANKS), []);
  });

  it('no circle of imports between the files of src', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (path: string, trail: string[]) => {
      if (state.get(path) === 'done') return;
      if (state.get(path) === 'open') {
        circles.push([...trail.slice(trail.indexOf(path)), path].map((file) => relative(srcDir, file)).join(' -> '));
        return;
      }
      state.set(path, 'open');
      for (const target of imports.get(path) ?? []) if (imports.has(target)) visit(target, [...trail, path]);
      state.set(path, 'done');
    };
    for (const path of imports.keys()) visit(path, []);
    assert.deepEqual(circles, []);
  });

  it('nothing below the HTTP layer imports Express, the options with requests in them, or the HTTP layer', () => {
    const offenders: string[] = [];
    for (const [path, targets] of imports) {
      if (!BELOW_HTTP.includes(partOf(srcDir, path))) continue;
      for (const target of targets) {
        if (/^express(-session)?$/.test(target) || target === join(srcDir, 'options-types.ts') || target === join(srcDir, 'options.ts') || target.startsWith(`${httpDir}/`)) {
          offenders.push(`${relative(srcDir, path)} -> ${target.startsWith('/') ? relative(srcDir, target) : target}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('code for tests stays in src/testing: nothing else imports node:test or node:assert', () => {
    const offenders = [...imports].filter(([path, targets]) => partOf(srcDir, path) !== 'testing' && targets.some((target) => /^node:(test|assert)/.test(target)));
    assert.deepEqual(offenders.map(([path]) => relative(srcDir, path)), []);
  });

  it('a method type is compared by name only in its own modules: everything else asks its unit (methods/method-units.ts)', () => {
    // Its own: the units (methods/) and the core work of one type (core/totp-*.ts; core/webauthn-*.ts
    // and core/passkey-*.ts for passkeys).
    const own = /^(methods\/|core\/(totp|webauthn|passkey)-)/;
    const offenders = [...imports.keys()].map((path) => relative(srcDir, path)).filter((path) => !own.test(path)).flatMap((path) =>
      [...readFileSync(join(srcDir, path), 'utf8').matchAll(/type\s*[!=]==\s*'(totp|email|sms|webauthn|recovery)'|case\s+'(totp|email|sms|webauthn|recovery)'|includes\('(totp|email|sms|webauthn)'\)/g)]
        .map((match) => `${path}: ${match[0]}`));
    assert.deepEqual(offenders, []);
  });

  it('one writer per decision: the session\'s second-step state, the sign-in events, the attempt reservation', () => {
    const writers = (pattern: RegExp) => [...imports.keys()].filter((path) => pattern.test(readFileSync(path, 'utf8'))).map((path) => relative(srcDir, path));
    // Assignments and deletes of the fields the stage reader reads.
    assert.deepEqual(writers(/(session\.twoStep(Pending|Setup|Prompt|SetupKey)?\s*(\?\?|\|\||&&)?=[^=]|delete\s+\S*session\.twoStep(Pending|Setup|Prompt|SetupKey)?\b)/), ['http/session/stage-writes.ts']);
    assert.deepEqual(writers(/emit\('(verified|reverified)'/), ['core/sign-in.ts']);
    // Whether a sign-in is new: decided, noted and announced in one file.
    assert.deepEqual(writers(/emit\('signin\.new'|\.noteSignIn\(/).filter((path) => !/^(store|testing)\//.test(path)), ['core/new-sign-in.ts']);
    // The stores implement it and the store contract (testing/) exercises them: neither decides.
    assert.deepEqual(writers(/\.recordFailure\(/).filter((path) => !/^(store|testing)\//.test(path)), ['core/reserve-attempt.ts']);
    // The stores' deadline (a delivery gateway has its own).
    assert.deepEqual(writers(/did not answer within/).filter((path) => /^(store|enrolments|revocation|backends)\//.test(path)), ['store/deadline.ts']);
  });
});
