/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser). One browser per
 * test file, launched on first use; each test gets a fresh context, so no cookie leaks between flows.
 * Without /usr/bin/chromium every browser test is skipped, and says so on stderr: a machine
 * that cannot run them must not look like one where they passed.
 */
import { existsSync } from 'node:fs';
import { after } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The skip reason, or false when Chromium is here. */
export const chromiumMissing: string | false = existsSync(CHROMIUM_PATH)
  ? false
  : `Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium`;

if (chromiumMissing) {
  process.stderr.write(`\n*** Browser tests SKIPPED (${process.argv[1] ?? 'browser test'}): ${chromiumMissing} ***\n\n`);
}

// Headless, no sandbox (CI runs as root), and nothing that phones home or updates itself mid-test.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let launched: Promise<Browser> | undefined;

export function sharedBrowser(): Promise<Browser> {
  launched ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
  return launched;
}

after(async () => {
  if (launched) await (await launched).close();
});
