/**
 * The package as users get it: `npm pack` (which builds through `prepack`), the tarball
 * unpacked into a fresh app's node_modules next to only what package.json declares
 * (dependencies and peerDependencies, linked from this project's node_modules, so the test
 * runs offline), then loaded from ESM, from CommonJS, and from a TypeScript file compiled with
 * `skipLibCheck: false`. A declaration that needs an undeclared package fails here.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npmCli = process.env.npm_execpath;

function npm(args: string[], cwd: string): string {
  // Under `npm test`, the npm that runs us; else the one on the PATH.
  return npmCli
    ? execFileSync(process.execPath, [npmCli, ...args], { cwd, encoding: 'utf8' })
    : execFileSync('npm', args, { cwd, encoding: 'utf8' });
}

function node(args: string[], cwd: string): string {
  return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

describe('the packed package, installed in a fresh app', () => {
  let work: string;
  let app: string;
  let files: string[];

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'twostep-pack-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root)) as { filename: string; files: { path: string }[] }[];
    files = packed[0]!.files.map((f) => f.path);
    app = join(work, 'app');
    const installed = join(app, 'node_modules', 'twostep');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed[0]!.filename), '-C', installed, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    // Only what the package declares, plus what the app itself brings (TypeScript and Node's types).
    const declared = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
    for (const name of declared) {
      const target = join(root, 'node_modules', name);
      if (!existsSync(target)) continue; // an optional peer this project does not use
      mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
      symlinkSync(target, join(app, 'node_modules', name), 'dir');
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('ships the built code, declarations and README, with no source maps pointing at unshipped files', () => {
    for (const needed of ['package.json', 'README.md', 'docs/options.md', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'sql/enrolments.sql']) {
      assert.ok(files.includes(needed), `${needed} is in the tarball`);
    }
    assert.deepEqual(files.filter((f) => !f.startsWith('dist/') && !f.startsWith('docs/') && !['package.json', 'README.md', 'LICENSE', 'sql/enrolments.sql'].includes(f)), [], 'nothing else');
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), []);
    const dist = join(app, 'node_modules', 'twostep', 'dist');
    const withMapComment = files.filter((f) => f.endsWith('.js') && readFileSync(join(dist, '..', f), 'utf8').includes('sourceMappingURL'));
    assert.deepEqual(withMapComment, []);
    assert.ok(readdirSync(dist).length > 0);
  });

  it('loads with import (ESM), twostep/testing too', () => {
    writeFileSync(join(app, 'esm.mjs'), "import { createTwoStep, memoryStore, redisStore, postgresEnrolments } from 'twostep';\n" +
      "import { enrolmentStoreContract, storeContract, generateTotp, internalsOf } from 'twostep/testing';\n" +
      "console.log([createTwoStep, memoryStore, redisStore, postgresEnrolments, enrolmentStoreContract, storeContract, generateTotp, internalsOf].map((f) => typeof f).join());\n" +
      // The testing entry sees the same package: what createTwoStep made, internalsOf opens.
      "console.log(internalsOf(createTwoStep({ secret: 'a-secret-that-is-at-least-thirty-two-bytes-long', store: memoryStore(), users: { id: (u) => u.id } })).options.mountPath);\n");
    assert.equal(node(['esm.mjs'], app), 'function,function,function,function,function,function,function,function\n/2fa');
  });

  it('loads with require() (CommonJS, through Node\'s require(esm) on 20.19+, 22.12+ and 24), twostep/testing too', () => {
    writeFileSync(join(app, 'cjs.cjs'), "const { createTwoStep, isTwoStepError } = require('twostep');\nconsole.log(typeof createTwoStep, typeof isTwoStepError);\n" +
      "const { storeContract, enrolmentStoreContract, internalsOf } = require('twostep/testing');\nconsole.log(typeof storeContract, typeof enrolmentStoreContract, typeof internalsOf);\n" +
      "const { prometheusMetrics, openTelemetryMetrics } = require('twostep/metrics');\nconsole.log(typeof prometheusMetrics().count, typeof openTelemetryMetrics);\n");
    assert.equal(node(['cjs.cjs'], app), 'function function\nfunction function function\nfunction function');
  });

  it('twostep/metrics loads from the tarball and counts into prom-client and an OpenTelemetry meter (optional peers the app brings)', () => {
    writeFileSync(join(app, 'metrics.mjs'), "import { Registry } from 'prom-client';\n" +
      "import { metrics } from '@opentelemetry/api';\n" +
      "import { prometheusMetrics, openTelemetryMetrics, METRIC_DEFINITIONS } from 'twostep/metrics';\n" +
      "const registry = new Registry();\n" +
      "prometheusMetrics({ registry }).count('twostep_locks_total');\n" +
      "openTelemetryMetrics({ meter: metrics.getMeter('twostep') }).count('twostep_locks_total');\n" +
      "console.log(METRIC_DEFINITIONS.length, (await registry.getSingleMetricAsString('twostep_locks_total')).split('\\n').pop());\n");
    assert.equal(node(['metrics.mjs'], app), '12 twostep_locks_total 1');
  });

  it('type-checks a TypeScript app with skipLibCheck: false and only the declared packages', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false, noEmit: true, types: ['node'], typeRoots: ['./node_modules/@types'] },
      files: ['app.ts'],
    }));
    writeFileSync(join(app, 'app.ts'), `import express from 'express';
import session from 'express-session';
import { createTwoStep, memoryStore, type TwoStep, type TwoStepOptions } from 'twostep';
import { generateTotp, internalsOf, storeContract, type StoreUnderTest } from 'twostep/testing';
import { prometheusMetrics, openTelemetryMetrics, type TwoStepMetrics } from 'twostep/metrics';
import { Registry } from 'prom-client';
import { metrics as otel } from '@opentelemetry/api';

interface User { id: string; email: string }
const chosen: TwoStepMetrics = process.env.OTEL ? openTelemetryMetrics({ meter: otel.getMeter('consumer') }) : prometheusMetrics({ registry: new Registry(), prefix: 'consumer_' });
const options: TwoStepOptions<User> = {
  secret: 'a-secret-that-is-at-least-thirty-two-bytes-long',
  store: memoryStore(),
  metrics: chosen,
  issuer: 'Consumer',
  appName: 'Consumer',
  users: { id: (user) => user.id, label: (user) => user.email },
};
const twoStep: TwoStep = createTwoStep<User>(options);
const app = express();
app.use(session({ secret: 's', resave: false, saveUninitialized: false }));
app.use(twoStep);
app.get('/', (req, res) => {
  const amr: string[] | undefined = req.session.twoStep?.amr;
  res.json({ amr, token: twoStep.csrfToken(req) });
});
// The testing entry's declarations: the store contract, a TOTP code, the internals.
const underTest = async (): Promise<StoreUnderTest> => ({ store: memoryStore(), cleanup: async () => {} });
export const registerContract = () => storeContract('memory', underTest);
export const code: string = generateTotp({ secret: 'JBSWY3DPEHPK3PXP', nowMs: 0 });
export const mountPath: string = internalsOf(twoStep).options.mountPath;
export default app;
`);
    // @types/node is the app's own, as in any TypeScript app on Node.
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    if (!existsSync(join(app, 'node_modules', '@types', 'node'))) symlinkSync(join(root, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'), 'dir');
    try {
      node([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      assert.fail(`tsc failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    }
  });
});

/**
 * The same tarball in an app still on Express 4, Passport 0.6 and @types/express 4: npm
 * resolves the peers (no ERESOLVE, nothing upgraded), the package runs from CommonJS on that
 * Express, and its declarations type-check against Express 4's types.
 */
describe('the packed package in an Express 4 + Passport 0.6 app', () => {
  let work: string;
  let tarball: string;
  let app: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'twostep-pack4-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root)) as { filename: string }[];
    tarball = join(work, packed[0]!.filename);
    app = join(work, 'app');
    const installed = join(app, 'node_modules', 'twostep');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    // The Express 4 line under the names the app uses; everything else as in the test above.
    const onLine4: Record<string, string> = { express: 'express4', passport: 'passport06', '@types/express': '@types/express4' };
    // @types/node and @types/passport are the app's own, as in any TypeScript app on Passport.
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), '@types/node', '@types/passport']) {
      const target = join(root, 'node_modules', onLine4[name] ?? name);
      if (!existsSync(target) || existsSync(join(app, 'node_modules', name))) continue;
      mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
      symlinkSync(target, join(app, 'node_modules', name), 'dir');
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'legacy-app', private: true }));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('npm install resolves it beside express 4.21, passport 0.6 and @types/express 4 (no ERESOLVE)', () => {
    // A real resolution by npm (the registry's metadata, from npm's cache when it has it);
    // only the lockfile is written, so nothing is downloaded twice.
    const resolving = join(work, 'resolving');
    mkdirSync(resolving);
    const wanted = { express: '4.21.2', passport: '0.6.0', 'express-session': '1.19.0', '@types/express': '4.17.25' };
    writeFileSync(join(resolving, 'package.json'), JSON.stringify({ name: 'legacy-app', private: true, dependencies: wanted }));
    try {
      npm(['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund', tarball], resolving);
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      assert.fail(`npm install failed:\n${failed.stderr ?? ''}${failed.stdout ?? ''}`);
    }
    const lock = JSON.parse(readFileSync(join(resolving, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    assert.equal(lock.packages['node_modules/twostep']?.version, '0.1.0');
    for (const [name, version] of Object.entries(wanted)) assert.equal(lock.packages[`node_modules/${name}`]?.version, version, `${name} stays ${version}`);
  });

  it('runs from require() on Express 4: the routes answer, and twostep/testing loads beside it', async () => {
    writeFileSync(join(app, 'server.cjs'), `const express = require('express');
const session = require('express-session');
const passport = require('passport');
const { createTwoStep, memoryStore } = require('twostep');
const { internalsOf } = require('twostep/testing');
const twoStep = createTwoStep({ secret: 'a-secret-that-is-at-least-thirty-two-bytes-long', store: memoryStore(), issuer: 'Legacy', users: { id: (u) => u.id } });
const app = express();
app.use(session({ secret: 's', resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());
app.use(twoStep);
const server = app.listen(0, '127.0.0.1', async () => {
  const res = await fetch('http://127.0.0.1:' + server.address().port + '/2fa/status', { headers: { accept: 'application/json' } });
  console.log(require('express/package.json').version, require('passport/package.json').version, res.status, JSON.stringify(await res.json()).includes('anonymous'), internalsOf(twoStep).options.mountPath);
  server.close();
});
`);
    assert.equal(node(['server.cjs'], app), '4.21.2 0.6.0 200 true /2fa');
  });

  it('type-checks a TypeScript app on @types/express 4 with skipLibCheck: false', () => {
    const types4 = join(root, 'node_modules', '@types', 'express4');
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false, noEmit: true, types: ['node'],
        // @types/express-session and @types/passport import `express` from their own folder:
        // every import of it, and of its core, is Express 4's here.
        paths: { express: [types4], 'express-serve-static-core': [join(types4, 'node_modules', '@types', 'express-serve-static-core')] },
      },
      files: ['app.cts'],
    }));
    writeFileSync(join(app, 'app.cts'), `import express = require('express');
import session = require('express-session');
import passport = require('passport');
import { createTwoStep, memoryStore, type TwoStep } from 'twostep';
import { internalsOf } from 'twostep/testing';

interface User { id: string; email: string }
const twoStep: TwoStep = createTwoStep<User>({
  secret: 'a-secret-that-is-at-least-thirty-two-bytes-long',
  store: memoryStore(),
  issuer: 'Legacy',
  users: { id: (user) => user.id, label: (user) => user.email },
});
const app: express.Express = express();
app.use(session({ secret: 's', resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());
app.use(twoStep);
passport.use(twoStep.strategy);
app.post('/login/password', passport.authenticate('local'), twoStep.challenge(), (req: express.Request, res: express.Response) => res.redirect('/'));
app.post('/2fa/passport', passport.authenticate('twostep'), twoStep.completeLogin(), (_req, res) => res.redirect(String(res.locals.twoStepRedirect)));
app.get('/account', twoStep.require({ maxAgeSeconds: 300 }), (req, res) => {
  const amr: string[] | undefined = req.session.twoStep?.amr;
  res.json({ amr, token: twoStep.csrfToken(req) });
});
app.use('/login/passkey', twoStep.passkeyLogin());
app.post('/form', twoStep.csrfProtection, (_req, res) => res.end());
app.get('/mount', (_req, res) => res.send(internalsOf(twoStep).options.mountPath));
export = app;
`);
    try {
      node([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      assert.fail(`tsc failed:\n${(failed.stdout ?? '').split('\n').filter((l) => l.includes('error')).join('\n')}${failed.stderr ?? ''}`);
    }
  });
});
