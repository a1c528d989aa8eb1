/**
 * Two authenticator apps a person can tell apart, in Chromium against the example app, every
 * page screenshotted and checked with axe-core (at 1280 px and, for the settings page, 375 px):
 * paul adds his personal phone and his work phone, sees "Authenticator app" and
 * "Authenticator app 2", names the second "Work phone", sees when each was last used, and
 * at the next sign-in the challenge offers "Authenticator app" and "Work phone".
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { findByUsername } from '../examples/users.js';
import { appCode, readSetupKey } from './support/authenticator-app.js';
import { browserTest } from './support/browser-demo.js';
import { heading, keepRecoveryCodes, turnOnAuthenticatorApp } from './support/browser-flows.js';

describe('browser: naming authenticator apps', () => {
  browserTest('paul tells his two phones apart: "Authenticator app 2" until he names it "Work phone"; the challenge says so too', 'method-names', async (b) => {
    const { page } = b;
    await b.signIn('paul');
    await b.go('/2fa', 'settings');
    const personal = await turnOnAuthenticatorApp(b, 'paul');
    await keepRecoveryCodes(b);
    b.clock.advanceSeconds(30);

    await b.go('/2fa', 'settings-one-app');
    await b.submit(page.getByRole('button', { name: 'Use an authenticator app' }), 'second-app-setup');
    const work = await readSetupKey(page);
    await page.getByLabel('Current password').fill(findByUsername('paul')!.password);
    await page.getByLabel('Code from the app').fill(appCode(work, b.clock.now()));
    await b.submit(page.getByRole('button', { name: 'Turn on' }), 'second-app-on');
    await b.go('/2fa', 'settings-two-apps');
    const names = () => page.locator('#methods li > strong').allTextContents();
    assert.deepEqual(await names(), ['Authenticator app', 'Authenticator app 2']);
    await page.locator('#methods .method-used', { hasText: /^last used / }).first().waitFor();

    await page.getByLabel('Rename Authenticator app 2').click();
    const field = page.getByLabel('New name for Authenticator app 2');
    assert.equal(await field.inputValue(), 'Authenticator app 2');
    await field.fill('Work phone');
    await b.submit(page.getByRole('button', { name: 'Save name' }), 'renamed');
    assert.deepEqual(await names(), ['Authenticator app', 'Work phone']);
    await page.locator('#methods li', { hasText: 'Work phone' }).getByText('Authenticator app 2', { exact: true }).waitFor();

    // On a phone: the names, the dates and the forms still fit and pass the checker.
    await page.setViewportSize({ width: 375, height: 812 });
    await b.go('/2fa', 'settings-375');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the settings page is ${overflow} px wider than the phone`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await b.signOut();

    b.clock.advanceSeconds(30);
    await b.signIn('paul');
    assert.equal(await heading(b), "Verify it's you");
    await page.getByRole('radio', { name: /Work phone/ }).waitFor();
    await page.getByRole('radio', { name: /^Authenticator app/ }).waitFor();
    assert.ok(personal.length > 0);
  });
});
