/** Steps several browser flows share, written against the page contract's labels. */
import assert from 'node:assert/strict';
import { findByUsername } from '../../examples/users.js';
import { appCode, readSetupKey } from './authenticator-app.js';
import type { BrowserDemo } from './browser-demo.js';

const RECOVERY_CODE = /^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/;

export async function heading(b: BrowserDemo): Promise<string> {
  return (await b.page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
}

/**
 * From the method picker (forced setup) or the settings page: the authenticator app is added
 * by reading the setup key, as a person types it into the phone. Returns the key.
 */
export async function turnOnAuthenticatorApp(b: BrowserDemo, username: string): Promise<string> {
  const { page } = b;
  await b.submit(page.getByRole('button', { name: 'Use an authenticator app' }), 'authenticator-setup');
  assert.equal(await heading(b), 'Set up your authenticator app');
  const key = await readSetupKey(page);
  await page.getByLabel('Current password').fill(findByUsername(username)!.password);
  await page.getByLabel('Code from the app').fill(appCode(key, b.clock.now()));
  await b.submit(page.getByRole('button', { name: 'Turn on' }), 'recovery-codes');
  return key;
}

/** The recovery codes page after the first method: reads the codes, ticks "saved", continues. */
export async function keepRecoveryCodes(b: BrowserDemo): Promise<string[]> {
  const { page } = b;
  assert.equal(await heading(b), 'Save your recovery codes');
  const codes = (await page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  for (const code of codes) assert.match(code, RECOVERY_CODE);
  await page.getByLabel('I have saved these codes').check();
  await b.submit(page.getByRole('button', { name: 'Continue' }), 'after-recovery-codes');
  return codes;
}

/**
 * paul (optional) turns on the authenticator app from the settings page, keeps his recovery
 * codes and signs out; the clock moves past the code used at setup, which is never accepted twice.
 */
export async function enrolPaulWithApp(b: BrowserDemo): Promise<{ key: string; recoveryCodes: string[] }> {
  await b.signIn('paul');
  await b.go('/2fa', 'settings');
  const key = await turnOnAuthenticatorApp(b, 'paul');
  const recoveryCodes = await keepRecoveryCodes(b);
  await b.signOut();
  b.clock.advanceSeconds(30);
  return { key, recoveryCodes };
}

/** On the challenge page: enters a code and presses Verify. */
export async function enterCode(b: BrowserDemo, code: string, step: string, options: { remember?: boolean } = {}): Promise<void> {
  const { page } = b;
  await page.getByLabel('Verification code').fill(code);
  if (options.remember) await page.getByLabel('Remember this device for 30 days').check();
  await b.submit(page.getByRole('button', { name: 'Verify', exact: true }), step);
}

/** The demo's home page says how the session was verified ("pwd + totp"). */
export async function assertHome(b: BrowserDemo, name: string, amr: string): Promise<void> {
  assert.equal(new URL(b.page.url()).pathname, '/');
  assert.equal(await heading(b), `Hello, ${name}`);
  await b.page.getByText(`You are signed in (${amr}).`).waitFor();
}

/** A well-formed code that the app shows neither now nor 30 s either side. */
export function wrongCode(key: string, nowMs: number): string {
  const near = new Set([-30_000, 0, 30_000].map((d) => appCode(key, nowMs + d)));
  for (let n = 123_456; ; n += 1) if (!near.has(String(n))) return String(n);
}
