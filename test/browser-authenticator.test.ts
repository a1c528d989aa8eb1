/**
 * The authenticator app in a real browser (Debian's Chromium) against the example app:
 * setup from the settings page, sign-in with a code, lockout, remembered device, recovery code.
 * Codes come from the setup key on the page; the demo's clock is moved instead of waited for.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { appCode, readSetupKey } from './support/authenticator-app.js';
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

  browserTest('on a phone the setup page offers "Open in authenticator app" above the QR code; on a computer the QR code comes first', 'totp-open-in-app', async (b) => {
    const { page } = b;
    await b.signIn('paul');
    await b.go('/2fa', 'settings');
    await b.submit(page.getByRole('button', { name: 'Use an authenticator app' }), 'authenticator-setup-1280');
    const key = await readSetupKey(page);
    const link = page.getByRole('link', { name: 'Open in authenticator app' });
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    // The link is the Key URI the QR code holds (headless Chromium has no app to open it with).
    const href = new URL(await link.getAttribute('href') ?? '');
    assert.equal(`${href.protocol}//${href.host}${decodeURIComponent(href.pathname)}`, 'otpauth://totp/Riverside Clinic:paul');
    assert.equal(href.searchParams.get('secret'), key);
    assert.equal(href.searchParams.get('issuer'), 'Riverside Clinic');
    const top = async (target: typeof link) => (await target.boundingBox() ?? assert.fail('not on the screen')).y;
    assert.ok(await top(qr) < await top(link), 'at 1280 px the QR code comes first');

    await page.setViewportSize({ width: 375, height: 812 });
    await b.go(new URL(page.url()).pathname, 'authenticator-setup-375');
    assert.ok(await top(link) < await top(qr), 'at 375 px the link comes first');
    assert.equal(await page.locator('#setup-key').isVisible(), true, 'the setup key stays');
    const width = (await link.boundingBox())!.width;
    assert.ok(width > 300, `the link is a full-width button on a phone (${width} px)`);
    // Pressed, it hands the URI to the system (nothing here takes it): no CSP complaint (the
    // harness fails the flow on one), and the page stays, key and form in place.
    const before = page.url();
    await link.click();
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
  });

  browserTest('wrong codes count down, then lock the account with a page that says until when', 'lockout', async (b) => {
    const { page } = b;
    const { key } = await enrolPaulWithApp(b);
    await b.signIn('paul');
    for (const left of ['4 attempts left', '3 attempts left', '2 attempts left', '1 attempt left']) {
      await enterCode(b, wrongCode(key, b.clock.now()), `wrong-code-${left.split(' ')[0]}-left`);
      // A wrong app code gets the "wait for the next one" advice; the count is on its own line.
      assert.match(await page.getByRole('alert').textContent() ?? '', /Wrong code\. Each code works once: if you just used it, wait for the next\./);
      assert.match(await page.locator('#attempts-left').textContent() ?? '', new RegExp(left));
    }
    // The fifth says so, on the challenge page or on the locked page itself.
    await enterCode(b, wrongCode(key, b.clock.now()), 'fifth-wrong-code');
    assert.match(await page.locator('main').innerText(), /Too many failed attempts/);
    await b.go('/2fa/verify', 'locked');
    assert.equal(await heading(b), 'Too many failed attempts');
    const text = await page.locator('main').textContent() ?? '';
    assert.match(text, /locked until/);
    // Until when: the moment the 30-minute lock ends, shown in words (the page's script puts it
    // in the reader's own time zone) over a machine-readable datetime.
    const until = page.getByRole('alert').locator('time');
    assert.equal(await until.getAttribute('datetime'), new Date(b.clock.now() + 30 * 60_000).toISOString());
    assert.match(await until.innerText(), /\d{1,2}:\d{2}/);
    // What paul can do meanwhile: a remembered device, a recovery code from that same moment; nobody named to ask.
    const options = page.getByRole('list').filter({ hasText: 'recovery codes' });
    await options.getByText('On a device you chose to remember, you can still sign in').waitFor();
    assert.equal(await options.locator('time').getAttribute('datetime'), await until.getAttribute('datetime'));
    assert.doesNotMatch(text, /administrator/);
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
    assert.match(await page.getByRole('alert').textContent() ?? '', /That recovery code is not right, or it was already used\./);
  });
});
