/**
 * An app whose own csurf runs in front of twostep, in real Chromium: every twostep form, and
 * the page script's JSON request for passkey options, must carry csurf's token where csurf
 * reads it (`_csrf`, `X-CSRF-Token`) besides twostep's own, or csurf answers 403. Walked with
 * no change to the app: set up an authenticator app and a passkey from the settings page,
 * then sign in with the password and a code, and with the password and the passkey.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { appCode, readSetupKey } from './support/authenticator-app.js';
import { chromiumMissing, sharedBrowser } from './support/chromium.js';
import { makeCsrfApp } from './support/csrf-app.js';
import { checkPageAccessibility } from './support/page-checks.js';
import { makeUsers, manualClock } from './support/test-app.js';
import { addVirtualAuthenticator } from './support/virtual-authenticator.js';

async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
}

/**
 * Clicks what loads the next page and waits for it (a passkey button posts only after the
 * authenticator answered), then checks the page it lands on.
 */
async function next(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name, exact: true }).click()]);
  await checkPageAccessibility(page);
}

async function go(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await checkPageAccessibility(page);
}

async function signInWithPassword(page: Page): Promise<void> {
  await go(page, '/login');
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(makeUsers().get('alice')!.password);
  await next(page, 'Sign in');
}

async function signOut(page: Page): Promise<void> {
  await go(page, '/');
  await next(page, 'Sign out');
  assert.equal(new URL(page.url()).pathname, '/login');
}

describe("browser: the app's csurf in front of twostep", () => {
  it('alice sets up an app and a passkey, then signs in with each; csurf never refuses', { skip: chromiumMissing, timeout: 60_000 }, async () => {
    const clock = manualClock(Date.now());
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    const { app } = makeCsrfApp({ library: 'csurf', order: 'before', clock, extra: { webauthn: { rpID: 'localhost', rpName: 'Clinic', origins: [origin] } } });
    server.on('request', app);
    const context = await (await sharedBrowser()).newContext({ baseURL: origin });
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() === 403) problems.push(`403 from ${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    try {
      const authenticator = await addVirtualAuthenticator(page);
      await signInWithPassword(page);
      assert.equal(await heading(page), 'Protect your account with two-step verification');
      await next(page, 'Skip');
      assert.match(await page.textContent('body') ?? '', /Welcome alice/);

      // An authenticator app: the setup form and the recovery codes form, both posts.
      await go(page, '/2fa');
      await next(page, 'Use an authenticator app');
      const key = await readSetupKey(page);
      await page.getByLabel('Code from the app').fill(appCode(key, clock.now()));
      await next(page, 'Turn on');
      assert.equal(await heading(page), 'Save your recovery codes');
      await page.getByLabel('I have saved these codes').check();
      await next(page, 'Continue');

      // A passkey: the page script fetches the options (JSON, headers), then the form posts.
      await go(page, '/2fa');
      await next(page, 'Use a passkey or security key');
      await page.getByLabel('Name').fill('This laptop');
      await next(page, 'Create passkey');
      assert.equal((await authenticator.credentials()).length, 1, 'the passkey was created');
      await go(page, '/2fa');
      await page.getByText('Passkey: This laptop', { exact: true }).waitFor();
      await signOut(page);

      clock.advanceSeconds(30);
      await signInWithPassword(page);
      assert.equal(new URL(page.url()).pathname, '/2fa/verify');
      await page.getByLabel('Verification code').fill(appCode(key, clock.now()));
      await next(page, 'Verify');
      assert.equal(new URL(page.url()).pathname, '/');
      assert.match(await page.textContent('body') ?? '', /Welcome alice/);
      await signOut(page);

      await signInWithPassword(page);
      assert.equal(new URL(page.url()).pathname, '/2fa/verify');
      await next(page, 'Use your passkey or security key');
      assert.equal(new URL(page.url()).pathname, '/');
      assert.match(await page.textContent('body') ?? '', /Welcome alice/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
