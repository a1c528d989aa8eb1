/**
 * The page states no other browser flow reaches, walked so that axe-core (run on every page
 * every flow snaps: test/support/axe.ts) checks them too, at 1280 and 375 px: a message page,
 * the settings page with a remembered device, the remembered-devices page, the text-message
 * setup page (and the method picker refusing a number), and the re-verify page that asks for a code before a sensitive change.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { appCode } from './support/authenticator-app.js';
import { browserTest } from './support/browser-demo.js';
import { assertHome, enrolPaulWithApp, enterCode, heading } from './support/browser-flows.js';

describe('browser: the pages no other flow reaches, for the accessibility check', () => {
  browserTest('a message page, remembered devices, text-message setup and re-verify with a code', 'more-pages', async (b) => {
    const { page } = b;
    await b.go('/2fa/devices', 'message-sign-in-first');
    assert.equal(await page.getByRole('alert').count(), 1, 'the message page says what is wrong');

    const { key } = await enrolPaulWithApp(b);
    await b.signIn('paul');
    await enterCode(b, appCode(key, b.clock.now()), 'verified-and-remembered', { remember: true });
    await assertHome(b, 'Paul Parent', 'pwd + totp');
    await b.go('/2fa', 'settings-with-device');
    assert.equal(await page.locator('#devices li').count(), 1);
    await b.go('/2fa/devices', 'devices');
    assert.equal(await heading(b), 'Remembered devices');

    await b.go('/2fa', 'settings');
    // A number from the range kept for drama (never valid): the method picker with an error.
    await page.getByLabel('Mobile phone number').fill('07700 900123');
    await b.submit(page.getByRole('button', { name: 'Use text messages' }), 'sms-refused');
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Mobile phone number').fill('+44 7911 123456');
    await b.submit(page.getByRole('button', { name: 'Use text messages' }), 'sms-setup');
    assert.equal(await heading(b), 'Confirm your phone number');

    // Past the five minutes a sensitive change trusts a sign-in for: remove asks for a code first.
    b.clock.advanceSeconds(301);
    await b.go('/2fa', 'settings-later');
    await b.submit(page.getByRole('button', { name: 'Remove Authenticator app' }), 'reverify');
    assert.equal(new URL(page.url()).pathname, '/2fa/reverify');
    await page.getByLabel('Verification code').waitFor();
  });
});
