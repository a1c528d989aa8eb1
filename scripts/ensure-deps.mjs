#!/usr/bin/env node
/**
 * `prestart` / `pretest` / `prepack`: makes `npm start` and `npm test` work as the first
 * commands typed on a fresh clone. Runs `npm ci` when node_modules is missing or no longer
 * matches package-lock.json (after a pull that changed dependencies), and does nothing
 * otherwise, so it costs a few milliseconds on every later run. No dependencies: it runs
 * before any are installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Why node_modules needs `npm ci`, or undefined when it matches the lockfile. */
export function staleReason(projectRoot) {
  // npm writes this hidden lockfile on every install: what is really in node_modules.
  const installedPath = join(projectRoot, 'node_modules', '.package-lock.json');
  if (!existsSync(installedPath)) return 'node_modules is missing';
  const wanted = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(installedPath, 'utf8')).packages ?? {};
  for (const [path, entry] of Object.entries(wanted)) {
    // The root, and optional packages for other platforms (never installed here), are not compared.
    if (path === '' || entry.optional) continue;
    if (installed[path]?.version !== entry.version) {
      return `${path.replace(/^.*node_modules\//, '')} ${entry.version} is not installed (package-lock.json changed)`;
    }
  }
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = staleReason(root);
  if (reason !== undefined) {
    console.error(`twostep: ${reason}; running npm ci`);
    const npm = process.env.npm_execpath
      ? [process.execPath, [process.env.npm_execpath]]
      : ['npm', []];
    const result = spawnSync(npm[0], [...npm[1], 'ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  if (process.argv.includes('--test')) {
    // The tests start their own redis-server; say plainly what is missing instead of a stack trace later.
    const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
    if (found.error) {
      console.error('twostep: the tests need `redis-server` on the PATH (Debian: `apt-get install redis-server`; `.ci/run` installs it).');
      process.exit(1);
    }
  }
}
