#!/usr/bin/env node
/**
 * `prestart` / `pretest` / `prepack`: makes `npm start` and `npm test` work as the first
 * commands typed on a fresh clone. Runs `npm ci` when node_modules is missing or no longer
 * matches package-lock.json (after a pull that changed dependencies), and does nothing
 * otherwise, so it costs a few milliseconds on every later run. No dependencies: it runs
 * before any are installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
  if (process.argv.includes('--test')) ensureTestServices();
}

/**
 * The tests start their own redis-server and PostgreSQL (from Debian's binaries). When one
 * is missing: as root with apt-get, install it (the first command on a fresh machine then
 * just works); otherwise say plainly what to install instead of a stack trace later.
 */
function ensureTestServices() {
  const missing = [];
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error) missing.push('redis-server');
  const hasInitdb = existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((version) => existsSync(join('/usr/lib/postgresql', version, 'bin', 'initdb')));
  if (!process.env.TEST_DATABASE_URL && !hasInitdb) missing.push('postgresql');
  if (missing.length === 0) return;
  const canInstall = process.getuid?.() === 0 && !spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error;
  if (canInstall) {
    console.error(`twostep: the tests need ${missing.join(' and ')}; installing from Debian`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
      : update;
    if (install.status === 0) return;
  }
  console.error(
    `twostep: the tests need ${missing.join(' and ')} (Debian: \`apt-get install ${missing.join(' ')}\`; ` +
      'or set TEST_DATABASE_URL to a PostgreSQL the tests may create schemas in).',
  );
  process.exit(1);
}
