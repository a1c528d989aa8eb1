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
import type { Locator, Page, Route } from 'playwright-core';

/**
 * A passkey button: the page script fetches options, the virtual authenticator answers, and
 * only then does the form post: wait for that navigation before the screenshot.
 */
async function usePasskey(b: BrowserDemo, button: Locator, step: string) {
  await Promise.all([b.page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  await b.snap(step);
}

/**
 * Records every `navigator.credentials.get()` the pages make: its mediation ('conditional'
 * for autofill, 'modal' for a button) and how it ended ('pending', 'answered', or the
 * error's name). Kept in sessionStorage, so the log outlives the page that posted the answer.
 * Plain JavaScript in a string, as in page-checks.ts.
 */
async function watchPasskeyRequests(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    if (!navigator.credentials) return;
    const read = () => JSON.parse(sessionStorage.getItem('passkeyRequests') || '[]');
    const write = (log) => sessionStorage.setItem('passkeyRequests', JSON.stringify(log));
    const get = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options) => {
      const log = read();
      const index = log.push({ mediation: (options && options.mediation) || 'modal', outcome: 'pending' }) - 1;
      write(log);
      const settle = (outcome) => { const now = read(); if (now[index]) { now[index].outcome = outcome; write(now); } };
      return get(options).then((credential) => { settle('answered'); return credential; }, (error) => { settle(error.name); throw error; });
    };
  })()`);
}

async function passkeyRequests(page: Page, options: { clear?: boolean } = {}): Promise<{ mediation: string; outcome: string }[]> {
  const log = await page.evaluate("JSON.parse(sessionStorage.getItem('passkeyRequests') || '[]')") as { mediation: string; outcome: string }[];
  if (options.clear) await page.evaluate("sessionStorage.removeItem('passkeyRequests')");
  return log;
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
    // The login page offers the passkey in autofill: paul signs in with his password instead.
    await authenticator.automaticPresence(false);
    await b.signOut();

    await b.signIn('paul');
    assert.equal(new URL(page.url()).pathname, '/2fa/verify');
    await authenticator.automaticPresence(true);
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
    await page.getByLabel('Rename Passkey: This laptop').click();
    await page.getByLabel('New name for Passkey: This laptop').fill('Work laptop');
    await b.submit(page.getByRole('button', { name: 'Save name' }), 'renamed');
    await page.locator('#methods strong', { hasText: /^Work laptop$/ }).waitFor();
    await b.submit(page.getByRole('button', { name: 'Remove Work laptop' }), 'removed');
    assert.equal(await page.locator('#methods strong', { hasText: /^Work laptop$/ }).count(), 0);
    await page.getByText('Two-step verification is off.').waitFor();
  }, { localhost: true });

  browserTest('with a passkey, paul signs in from the login page without a password: the button aborts the pending autofill request', 'passkey-login', async (b) => {
    const { page } = b;
    const authenticator = await addVirtualAuthenticator(page);
    await watchPasskeyRequests(page);
    await b.signIn('paul');
    await addPasskey(b, 'This laptop');
    await keepRecoveryCodes(b);
    await authenticator.automaticPresence(false);
    await passkeyRequests(page, { clear: true });
    await b.signOut();

    // On the login page autofill waits for paul to pick a passkey in the username field; he presses the button.
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.waitForFunction("JSON.parse(sessionStorage.getItem('passkeyRequests') || '[]').length === 1");
    assert.deepEqual(await passkeyRequests(page), [{ mediation: 'conditional', outcome: 'pending' }]);
    await authenticator.automaticPresence(true);
    await usePasskey(b, page.getByRole('button', { name: 'Use a passkey instead of a password' }), 'signed-in-without-password');
    await assertHome(b, 'Paul Parent', 'hwk + user');
    assert.deepEqual(await passkeyRequests(page), [
      { mediation: 'conditional', outcome: 'AbortError' },
      { mediation: 'modal', outcome: 'answered' },
    ], 'the autofill request was aborted before the button asked');
  }, { localhost: true });

  browserTest('passkey autofill: the login page signs paul in with the passkey he picks in the username field; where the browser has no autofill, the button does', 'passkey-autofill', async (b) => {
    const { page } = b;
    const authenticator = await addVirtualAuthenticator(page);
    await watchPasskeyRequests(page);
    await b.signIn('paul');
    await addPasskey(b, 'This laptop');
    await keepRecoveryCodes(b);
    await authenticator.automaticPresence(false);
    await b.signOut();

    // The virtual authenticator picks the passkey the moment the page asks (as paul would in
    // the field's suggestions): the options are held until the login page is on screen.
    const held = new Promise<Route>((resolve) => { void page.route('**/login/passkey/options', resolve); });
    await authenticator.automaticPresence(true);
    await passkeyRequests(page, { clear: true });
    // paul opens a bookmarked page: signing in by autofill brings him back to it.
    await b.go('/appointments', 'login-autofill');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.getByLabel('Username').getAttribute('autocomplete'), 'username webauthn');
    const posted = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/login/passkey');
    await Promise.all([page.waitForURL((url) => url.pathname === '/appointments'), (await held).continue()]);
    await page.unroute('**/login/passkey/options');
    await b.snap('signed-in-by-autofill');
    assert.equal(await heading(b), 'Appointments');
    await b.go('/', 'home-after-autofill');
    await assertHome(b, 'Paul Parent', 'hwk + user');
    assert.deepEqual(await passkeyRequests(page, { clear: true }), [{ mediation: 'conditional', outcome: 'answered' }], 'one conditional request, nothing pressed');
    const credential = JSON.parse(new URLSearchParams((await posted).postData() ?? '').get('credential') ?? '{}');
    assert.ok(credential.response?.userHandle, 'a discoverable passkey answered');

    // A browser without conditional mediation: no request until the button is pressed.
    await page.addInitScript('PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);');
    await b.signOut();
    await page.getByRole('button', { name: 'Use a passkey instead of a password' }).waitFor();
    await page.waitForTimeout(300);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.deepEqual(await passkeyRequests(page), [], 'no autofill request');
    await usePasskey(b, page.getByRole('button', { name: 'Use a passkey instead of a password' }), 'signed-in-with-the-button');
    await assertHome(b, 'Paul Parent', 'hwk + user');
    assert.deepEqual(await passkeyRequests(page), [{ mediation: 'modal', outcome: 'answered' }]);
  }, { localhost: true });

  browserTest('passkey autofill renews its request a minute before the challenge expires, reusing nothing stale', 'passkey-autofill-renewal', async (b) => {
    const { page } = b;
    const authenticator = await addVirtualAuthenticator(page);
    await watchPasskeyRequests(page);
    await b.signIn('paul');
    await addPasskey(b, 'This laptop');
    await keepRecoveryCodes(b);
    await authenticator.automaticPresence(false);
    const optionsRequests: string[] = [];
    page.on('request', (request) => { if (new URL(request.url()).pathname === '/login/passkey/options') optionsRequests.push(request.method()); });
    // The page's own clock, so its four-minute timer can be moved instead of waited for.
    await page.clock.install();
    await passkeyRequests(page, { clear: true });
    await b.signOut();
    await page.waitForFunction("JSON.parse(sessionStorage.getItem('passkeyRequests') || '[]').length === 1");
    assert.deepEqual(optionsRequests, ['POST']);

    await page.clock.fastForward(230_000);
    assert.deepEqual(optionsRequests, ['POST'], 'not before the minute before expiry');
    await page.clock.fastForward(11_000);
    await page.waitForFunction("JSON.parse(sessionStorage.getItem('passkeyRequests') || '[]').length === 2");
    assert.deepEqual(optionsRequests, ['POST', 'POST'], 'fresh options for the new request');
    assert.deepEqual(await passkeyRequests(page), [
      { mediation: 'conditional', outcome: 'AbortError' },
      { mediation: 'conditional', outcome: 'pending' },
    ]);
    // The button uses the fresh options: no third request.
    await authenticator.automaticPresence(true);
    await usePasskey(b, page.getByRole('button', { name: 'Use a passkey instead of a password' }), 'signed-in-without-password');
    assert.deepEqual(optionsRequests, ['POST', 'POST']);
    await assertHome(b, 'Paul Parent', 'hwk + user');
  }, { localhost: true });

  browserTest('without script, or in a browser without WebAuthn, the challenge says so and the app code still works', 'passkey-fallback', async (b) => {
    const { page } = b;
    const authenticator = await addVirtualAuthenticator(page);
    await b.signIn('paul');
    await b.go('/2fa', 'settings');
    const key = await turnOnAuthenticatorApp(b, 'paul');
    await keepRecoveryCodes(b);
    await b.go('/2fa', 'settings-with-app');
    await b.submit(page.getByRole('button', { name: 'Use a passkey or security key' }), 'passkey-setup');
    await page.getByLabel('Current password').fill(findByUsername('paul')!.password);
    await usePasskey(b, page.getByRole('button', { name: 'Create passkey' }), 'passkey-added');
    await authenticator.automaticPresence(false);
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
