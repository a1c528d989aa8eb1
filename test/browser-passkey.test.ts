/**
 * Passkeys in a real browser (Debian's Chromium) with its virtual authenticator, against the
 * example app opened at http://localhost (a passkey needs a domain): added from the settings
 * page, used to sign in, to step up to the prescriptions page, to sign in without a password,
 * and removed. A screenshot of every page, as in the other flows.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { findByUsername } from '../examples/users.js';
import { browserTest, type BrowserDemo } from './support/browser-demo.js';
import { appCode } from './support/authenticator-app.js';
import { assertHome, enterCode, heading, keepRecoveryCodes, turnOnAuthenticatorApp } from './support/browser-flows.js';
import { addVirtualAuthenticator } from './support/virtual-authenticator.js';
import type { Locator } from 'playwright-core';

/**
 * A passkey button: the page script fetches options, the virtual authenticator answers, and
 * only then does the form post: wait for that navigation before the screenshot.
 */
async function usePasskey(b: BrowserDemo, button: Locator, step: string) {
  await Promise.all([b.page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  await b.snap(step);
}

/** paul (optional) adds a passkey from the settings page; it is his first method, so recovery codes follow. */
async function addPasskey(b: BrowserDemo, name: string) {
  const { page } = b;
  await b.go('/2fa', 'settings');
  await b.submit(page.getByRole('button', { name: 'Use a passkey or security key' }), 'passkey-setup');
  assert.equal(await heading(b), 'Add a passkey or security key');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Current password').fill(findByUsername('paul')!.password);
  await usePasskey(b, page.getByRole('button', { name: 'Create passkey' }), 'passkey-added');
}

describe('browser: passkeys', () => {
  browserTest('paul adds a passkey, signs out, signs in with it, steps up with it, and removes it', 'passkey', async (b) => {
    const { page } = b;
    const authenticator = await addVirtualAuthenticator(page);
    await b.signIn('paul');
    await addPasskey(b, 'This laptop');
    await keepRecoveryCodes(b);
    assert.equal((await authenticator.credentials()).length, 1);
    await b.go('/2fa', 'settings-with-passkey');
    await page.getByText('Passkey: This laptop', { exact: true }).waitFor();
    // Chromium's virtual authenticator keeps its passkeys to itself (no backup flags).
    await page.getByText('This device only', { exact: true }).waitFor();
    await b.signOut();

    await b.signIn('paul');
    assert.equal(new URL(page.url()).pathname, '/2fa/verify');
    await usePasskey(b, page.getByRole('button', { name: 'Use your passkey or security key' }), 'signed-in-with-passkey');
    await assertHome(b, 'Paul Parent', 'pwd + hwk');

    // Step-up: after five minutes the prescriptions page asks for the passkey again, and only the passkey.
    b.clock.advanceSeconds(301);
    await b.submit(page.getByRole('link', { name: 'Prescriptions (needs your passkey)' }), 'step-up');
    assert.equal(new URL(page.url()).pathname, '/2fa/reverify');
    await page.getByText('This page needs your passkey or security key').waitFor();
    assert.equal(await page.getByLabel('Verification code').count(), 0, 'no code field: codes can be phished');
    await usePasskey(b, page.getByRole('button', { name: 'Use your passkey or security key' }), 'prescriptions');
    assert.equal(new URL(page.url()).pathname, '/prescriptions');
    assert.equal(await heading(b), 'Prescriptions');

    // Rename, then remove it (the step-up just now counts as a fresh verification).
    await b.go('/2fa', 'settings-before-rename');
    await page.getByLabel('New name for Passkey: This laptop').fill('Work laptop');
    await b.submit(page.getByRole('button', { name: 'Rename' }), 'renamed');
    await page.getByText('Passkey: Work laptop', { exact: true }).waitFor();
    await b.submit(page.getByRole('button', { name: 'Remove Passkey: Work laptop' }), 'removed');
    assert.equal(await page.getByText('Passkey: Work laptop', { exact: true }).count(), 0);
    await page.getByText('Two-step verification is off.').waitFor();
  }, { localhost: true });

  browserTest('with a passkey, paul signs in from the login page without a password', 'passkey-login', async (b) => {
    const { page } = b;
    await addVirtualAuthenticator(page);
    await b.signIn('paul');
    await addPasskey(b, 'This laptop');
    await keepRecoveryCodes(b);
    await b.signOut();

    await b.go('/login', 'login-page');
    await usePasskey(b, page.getByRole('button', { name: 'Use a passkey instead of a password' }), 'signed-in-without-password');
    await assertHome(b, 'Paul Parent', 'hwk + user');
  }, { localhost: true });

  browserTest('without script, or in a browser without WebAuthn, the challenge says so and the app code still works', 'passkey-fallback', async (b) => {
    const { page } = b;
    await addVirtualAuthenticator(page);
    await b.signIn('paul');
    await b.go('/2fa', 'settings');
    const key = await turnOnAuthenticatorApp(b, 'paul');
    await keepRecoveryCodes(b);
    await b.go('/2fa', 'settings-with-app');
    await b.submit(page.getByRole('button', { name: 'Use a passkey or security key' }), 'passkey-setup');
    await page.getByLabel('Current password').fill(findByUsername('paul')!.password);
    await usePasskey(b, page.getByRole('button', { name: 'Create passkey' }), 'passkey-added');
    await b.signOut();

    // Script off: the button stays hidden, the page says why, and the code form is there.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    b.clock.advanceSeconds(30);
    await b.signIn('paul');
    // What is on the screen (Playwright's text selectors skip <noscript>, the screen does not).
    assert.match(await page.locator('main').innerText(), /Passkeys and security keys need JavaScript/);
    assert.equal(await page.getByRole('button', { name: 'Use your passkey or security key' }).count(), 0);
    await enterCode(b, appCode(key, b.clock.now()), 'verified-with-code-without-script');
    await assertHome(b, 'Paul Parent', 'pwd + totp');
    await b.signOut();

    // Script on, but no WebAuthn in this browser.
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    await page.addInitScript(() => { delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential; });
    b.clock.advanceSeconds(30);
    await b.signIn('paul');
    await page.getByText('This browser cannot use passkeys or security keys').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Use your passkey or security key' }).count(), 0);
    await enterCode(b, appCode(key, b.clock.now()), 'verified-with-code-without-webauthn');
    await assertHome(b, 'Paul Parent', 'pwd + totp');
  }, { localhost: true });
});
