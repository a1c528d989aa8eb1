/**
 * The authenticator app in a real browser (Debian's Chromium) against the example app:
 * setup from the settings page, sign-in with a code, lockout, remembered device, recovery code.
 * Codes come from the setup key on the page; the demo's clock is moved instead of waited for.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { appCode } from './support/authenticator-app.js';
import { browserTest } from './support/browser-demo.js';
import { assertHome, enrolPaulWithApp, enterCode, heading, keepRecoveryCodes, turnOnAuthenticatorApp, wrongCode } from './support/browser-flows.js';

describe('browser: authenticator app', () => {
  browserTest('paul sets it up from the settings page, signs out, and signs in with a code from the app', 'totp-setup', async (b) => {
    const { page } = b;
    await b.signIn('paul');
    await b.go('/', 'home');
    await b.submit(page.getByRole('link', { name: 'Two-step verification settings' }), 'settings');
    assert.equal(await heading(b), 'Two-step verification');
    const key = await turnOnAuthenticatorApp(b, 'paul');
    await keepRecoveryCodes(b);
    await b.signOut();

    b.clock.advanceSeconds(30);
    await b.signIn('paul');
    assert.equal(new URL(page.url()).pathname, '/2fa/verify');
    assert.equal(await heading(b), "Verify it's you");
    await enterCode(b, appCode(key, b.clock.now()), 'verified');
    await assertHome(b, 'Paul Parent', 'pwd + totp');
  });

  browserTest('wrong codes count down, then lock the account with a page that says until when', 'lockout', async (b) => {
    const { page } = b;
    const { key } = await enrolPaulWithApp(b);
    await b.signIn('paul');
    for (const left of ['4 attempts left', '3 attempts left', '2 attempts left', '1 attempt left']) {
      await enterCode(b, wrongCode(key, b.clock.now()), `wrong-code-${left.split(' ')[0]}-left`);
      const alert = page.getByRole('alert');
      assert.match(await alert.textContent() ?? '', /Verification failed/);
      assert.match(await alert.textContent() ?? '', new RegExp(left));
    }
    // The fifth says so, on the challenge page or on the locked page itself.
    await enterCode(b, wrongCode(key, b.clock.now()), 'fifth-wrong-code');
    assert.match(await page.locator('main').innerText(), /Verification failed|Too many failed attempts/);
    await b.go('/2fa/verify', 'locked');
    assert.equal(await heading(b), 'Too many failed attempts');
    const text = await page.locator('main').textContent() ?? '';
    assert.match(text, /locked until/);
    // Until when: the moment the 30-minute lock ends, shown in words (the page's script puts it
    // in the reader's own time zone) over a machine-readable datetime.
    const until = page.locator('main time');
    assert.equal(await until.getAttribute('datetime'), new Date(b.clock.now() + 30 * 60_000).toISOString());
    assert.match(await until.innerText(), /\d{1,2}:\d{2}/);
    // Locked means locked: the home page still sends the half-signed-in browser back here.
    await b.go('/', 'home-refused');
    assert.equal(await heading(b), 'Too many failed attempts');
  });

  browserTest('"Remember this device" lets the next sign-in through without a code', 'remember-device', async (b) => {
    const { key } = await enrolPaulWithApp(b);
    await b.signIn('paul');
    await enterCode(b, appCode(key, b.clock.now()), 'verified-and-remembered', { remember: true });
    await assertHome(b, 'Paul Parent', 'pwd + totp');
    await b.signOut();

    await b.signIn('paul');
    await assertHome(b, 'Paul Parent', 'pwd + device');
  });

  browserTest('a recovery code kept from the recovery codes page signs in once', 'recovery-code', async (b) => {
    const { page } = b;
    const { recoveryCodes } = await enrolPaulWithApp(b);
    const kept = recoveryCodes[3]!;
    await b.signIn('paul');
    await b.submit(page.getByRole('link', { name: 'Use a recovery code' }), 'recovery-form');
    await page.getByLabel('Recovery code').fill(kept);
    await b.submit(page.getByRole('button', { name: 'Use recovery code' }), 'signed-in-with-recovery-code');
    await assertHome(b, 'Paul Parent', 'pwd + recovery');
    await b.signOut();

    await b.signIn('paul');
    await b.submit(page.getByRole('link', { name: 'Use a recovery code' }), 'recovery-form-again');
    await page.getByLabel('Recovery code').fill(kept);
    await b.submit(page.getByRole('button', { name: 'Use recovery code' }), 'used-code-refused');
    assert.match(await page.getByRole('alert').textContent() ?? '', /Verification failed/);
  });
});
