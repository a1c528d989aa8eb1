/**
 * Email codes in a real browser: the demo delivers to its outbox page, which the test reads in
 * another tab of the same browser, as a person would with the demo.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Page } from 'playwright-core';
import { appCode } from './support/authenticator-app.js';
import { browserTest, type BrowserDemo } from './support/browser-demo.js';
import { assertHome, enrolPaulWithApp, enterCode, heading } from './support/browser-flows.js';

/** The code in the newest "verification code" email on /outbox (notifications land there too). */
async function codeFromOutbox(b: BrowserDemo, step: string): Promise<string> {
  return b.inNewTab('/outbox', step, async (tab: Page) => {
    const newest = tab.getByRole('listitem').filter({ hasText: 'verification code' }).first();
    const match = (await newest.innerText()).match(/\b(\d{6})\b/);
    assert.ok(match, 'a verification code in the outbox');
    return match[1]!;
  });
}

describe('browser: email codes', () => {
  browserTest('paul adds email codes, then signs in by choosing email and reading the code from the outbox', 'email-code', async (b) => {
    const { page } = b;
    const { key } = await enrolPaulWithApp(b);
    await b.signIn('paul');
    await enterCode(b, appCode(key, b.clock.now()), 'verified-with-app');

    await b.go('/2fa', 'settings');
    await page.getByLabel('Email address').fill('paul@family.example');
    await b.submit(page.getByRole('button', { name: 'Use email codes' }), 'confirm-email');
    assert.equal(await heading(b), 'Confirm your email address');
    await page.getByLabel('Verification code').fill(await codeFromOutbox(b, 'outbox-setup-code'));
    // Adding a second method asks for the password when the app can check it (the demo can).
    const password = page.getByLabel('Current password');
    if (await password.count()) await password.fill('paul-password');
    await b.submit(page.getByRole('button', { name: 'Verify', exact: true }), 'email-added');
    assert.notEqual(await heading(b), 'Confirm your email address', (await page.getByRole('alert').textContent().catch(() => null)) ?? 'still on the confirm page');
    await b.signOut();

    await b.signIn('paul');
    assert.equal(await heading(b), "Verify it's you");
    await page.getByRole('group', { name: 'How do you want to verify?' }).waitFor();
    const email = page.getByRole('radio', { name: /^Email to / });
    await email.check();
    const label = (await page.locator(`label[for="${await email.getAttribute('id')}"]`).textContent())?.trim() ?? '';
    const address = label.replace(/^Email to /, '');
    await b.submit(page.getByRole('button', { name: `Send a code to ${label}` }), 'code-sent');
    await page.getByText(`We sent a code to ${label}.`).waitFor();
    assert.match(address, /^p.*@family\.example$/);
    await page.getByRole('radio', { name: /^Email to / }).check();
    await enterCode(b, await codeFromOutbox(b, 'outbox-sign-in-code'), 'verified-with-email');
    await assertHome(b, 'Paul Parent', 'pwd + email');
  });
});
