/**
 * The demo's admin page in a real browser: olga (staff + admin) sets up her authenticator app,
 * then unlocks and resets users with forms that carry the CSRF token; the same post from
 * another site is refused.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { browserTest } from './support/browser-demo.js';
import { heading, keepRecoveryCodes, turnOnAuthenticatorApp } from './support/browser-flows.js';
import { internalsOf } from '../src/testing/index.js';

describe('browser: the admin page', () => {
  browserTest('olga unlocks and resets users; a cross-site post is refused', 'admin', async (b) => {
    const { page, demo } = b;
    await b.signIn('olga');
    await turnOnAuthenticatorApp(b, 'olga');
    await keepRecoveryCodes(b);

    // paul is locked out: five failures recorded in the demo's store.
    for (let i = 0; i < 5; i += 1) {
      await internalsOf(demo.twoStep).store.recordFailure({ userId: '2', nowMs: b.clock.now(), lockout: { maxAttempts: 5, lockSeconds: 1800 } });
    }
    await b.go('/admin', 'admin');
    assert.equal(await heading(b), 'Two-step verification: users');
    const paulRow = page.getByRole('row', { name: /Paul Parent/ });
    await paulRow.getByText(/^until /).waitFor();

    await b.submit(paulRow.getByRole('button', { name: 'Unlock' }), 'unlocked');
    await page.getByText('Paul Parent is unlocked.').waitFor();
    assert.equal((await demo.twoStep.admin.status('2')).lockedUntil, null);

    const noraRow = page.getByRole('row', { name: /Nora Vet/ });
    await noraRow.getByLabel('require setup at next sign-in').check();
    await b.submit(noraRow.getByRole('button', { name: 'Reset 2FA' }), 'reset');
    await page.getByText("Nora Vet's two-step verification was reset").waitFor();

    // The same form posted from another site, with olga's cookies: refused before anything runs.
    const forged = await page.request.post('/admin/2/unlock', {
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      form: { requireSetup: '1' },
    });
    assert.equal(forged.status(), 403);
  });
});
