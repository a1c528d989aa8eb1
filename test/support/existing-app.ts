/**
 * The existing-app fixture (examples/existing-app/) run as its users run it: copied into a
 * folder of its own outside this project, with a node_modules holding what its package.json
 * names — `twostep` as the package ships (package.json and the `files` it lists, dist/ built,
 * copied, not linked, so its own `import 'express'` finds the app's Express as after
 * `npm install`), its dependencies, and everything else linked from this project's
 * node_modules, with `express` and `passport` on the line asked for (Express 4.21.2 + Passport
 * 0.6.0, or Express 5 + Passport 0.7) — and started with plain `node app.js`, without the test
 * process's hooks.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeApp, type NodeAppProcess } from './node-app-process.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURE_DIR = join(PROJECT_ROOT, 'examples', 'existing-app');

/** What marks a line the fixture gained for twostep. */
export const TWOSTEP_MARK = '// + twostep';

export type ExpressLine = '4' | '5';

const ON_LINE: Record<ExpressLine, Record<string, string>> = {
  4: { express: 'express4', passport: 'passport06' },
  5: {},
};

/** The fixture's JavaScript files, relative to its folder. */
export function fixtureSources(dir = FIXTURE_DIR, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : fixtureSources(dir, relative);
    return entry.name.endsWith('.js') ? [relative] : [];
  });
}

/** The lines twostep added, file by file. */
export function twoStepLines(): Array<{ file: string; line: string }> {
  return fixtureSources().flatMap((file) => readFileSync(join(FIXTURE_DIR, file), 'utf8').split('\n')
    .filter((line) => line.trimEnd().endsWith(TWOSTEP_MARK)).map((line) => ({ file, line })));
}

export interface ExistingAppOptions {
  line: ExpressLine;
  env: Record<string, string>;
  /** The app as it was before twostep: every marked line removed (and twostep not installed). */
  withoutTwoStep?: boolean;
}

export interface ExistingApp extends NodeAppProcess {
  /** The versions the app's own `require('express')` and `require('passport')` load. */
  versions: { express: string; passport: string };
  remove(): Promise<void>;
}

export async function startExistingApp({ line, env, withoutTwoStep = false }: ExistingAppOptions): Promise<ExistingApp> {
  const work = mkdtempSync(join(tmpdir(), `twostep-existing-app-${line}-`));
  cpSync(FIXTURE_DIR, work, { recursive: true, filter: (source) => !source.includes(`${FIXTURE_DIR}/node_modules`) });
  if (withoutTwoStep) {
    for (const file of fixtureSources(work)) {
      const path = join(work, file);
      writeFileSync(path, readFileSync(path, 'utf8').split('\n').filter((l) => !l.trimEnd().endsWith(TWOSTEP_MARK)).join('\n'));
    }
  }
  const link = (name: string) => {
    const target = join(PROJECT_ROOT, 'node_modules', ON_LINE[line][name] ?? name);
    const path = join(work, 'node_modules', name);
    if (existsSync(path)) return;
    if (!existsSync(target)) throw new Error(`the fixture needs ${name}, which this project does not install (${target})`);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path, 'dir');
  };
  const manifest = JSON.parse(readFileSync(join(work, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies)) if (name !== 'twostep') link(name);
  if (!withoutTwoStep) {
    if (!('twostep' in manifest.dependencies)) throw new Error('the fixture\'s package.json does not name twostep');
    const shipped = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { files: string[]; dependencies: Record<string, string> };
    const installed = join(work, 'node_modules', 'twostep');
    for (const entry of ['package.json', ...shipped.files]) cpSync(join(PROJECT_ROOT, entry), join(installed, entry), { recursive: true });
    for (const name of Object.keys(shipped.dependencies)) link(name);
  }
  const versionOf = (name: string) => (JSON.parse(readFileSync(join(work, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const versions = { express: versionOf('express'), passport: versionOf('passport') };
  let app: NodeAppProcess;
  try {
    // NODE_OPTIONS emptied: the suite's Express-line hook must not reach the app.
    app = await startNodeApp(join(work, 'app.js'), { ...env, NODE_OPTIONS: '', NODE_ENV: 'production' });
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  return {
    ...app,
    versions,
    async remove() {
      await app.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
