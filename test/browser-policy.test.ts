/**
 * Who must verify, in a real browser: staff are sent to setup and cannot get past it, an
 * optional parent is offered setup with three choices, and Hillside's office network (which
 * includes loopback in the demo) skips the code.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { appCode } from './support/authenticator-app.js';
import { browserTest } from './support/browser-demo.js';
import { assertHome, enterCode, heading, keepRecoveryCodes, turnOnAuthenticatorApp } from './support/browser-flows.js';

const path = (url: string) => new URL(url).pathname;

describe('browser: who must verify', () => {
  browserTest('nora (staff) must set up a method before any other page opens', 'forced-setup', async (b) => {
    const { page } = b;
    await b.signIn('nora');
    assert.equal(path(page.url()), '/2fa/setup');
    assert.equal(await heading(b), 'Set up two-step verification');
    await b.go('/', 'home-refused');
    assert.equal(path(page.url()), '/2fa/setup');
    await b.go('/admin/2fa/', 'admin-refused');
    assert.equal(path(page.url()), '/2fa/setup');

    const key = await turnOnAuthenticatorApp(b, 'nora');
    await keepRecoveryCodes(b);
    await b.go('/', 'home');
    await assertHome(b, 'Nora Vet', 'pwd + totp');
    await b.signOut();

    b.clock.advanceSeconds(30);
    await b.signIn('nora');
    assert.equal(await heading(b), "Verify it's you");
    await enterCode(b, appCode(key, b.clock.now()), 'verified');
    await assertHome(b, 'Nora Vet', 'pwd + totp');
  });

  browserTest('the setup prompt: Continue opens the method picker, Skip asks again next time, "Don\'t show this again" never asks again', 'setup-prompt', async (b) => {
    const { page } = b;
    const promptShown = async () => {
      assert.equal(path(page.url()), '/2fa/prompt');
      assert.match(await heading(b), /two-step verification/);
    };
    await b.signIn('paul');
    await promptShown();
    await b.submit(page.getByRole('button', { name: 'Continue' }), 'continue');
    assert.equal(path(page.url()), '/2fa/setup');
    assert.equal(await heading(b), 'Set up two-step verification');
    await page.getByRole('button', { name: 'Use an authenticator app' }).waitFor();
    await b.signOut();

    await b.signIn('paul');
    await promptShown();
    await b.submit(page.getByRole('button', { name: 'Skip' }), 'skipped');
    await assertHome(b, 'Paul Parent', 'pwd');
    await b.signOut();

    await b.signIn('paul');
    await promptShown();
    await b.submit(page.getByRole('button', { name: "Don't show this again" }), 'dismissed');
    await assertHome(b, 'Paul Parent', 'pwd');
    await b.signOut();

    await b.signIn('paul');
    await assertHome(b, 'Paul Parent', 'pwd');
  });

  browserTest("hana (Hillside) sets up a method once; from the office network (loopback here) she signs in without a code", 'office-network', async (b) => {
    await b.signIn('hana');
    assert.equal(path(b.page.url()), '/2fa/setup');
    await turnOnAuthenticatorApp(b, 'hana');
    await keepRecoveryCodes(b);
    await b.signOut();

    await b.signIn('hana');
    await assertHome(b, 'Hana Hillside', 'pwd + ip');
  });
});
