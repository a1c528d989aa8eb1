/**
 * Leaving a half-finished sign-in, and getting back to where one was going, in a real browser
 * against the example app: Sign out on the challenge, the app's own sign-in page halfway,
 * signing in as someone else, the bookmarked page after the challenge, "Back to Riverside
 * Clinic", and the setup key at a 1000 px wide window.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { findByUsername } from '../examples/users.js';
import { appCode } from './support/authenticator-app.js';
import { browserTest, type BrowserDemo } from './support/browser-demo.js';
import { assertHome, enrolPaulWithApp, enterCode, heading } from './support/browser-flows.js';

async function fillSignIn(b: BrowserDemo, username: string, step: string): Promise<void> {
  const user = findByUsername(username)!;
  await b.page.getByLabel('Username').fill(user.username);
  await b.page.getByLabel('Password').fill(user.password);
  await b.submit(b.page.getByRole('button', { name: 'Sign in' }), step);
}

describe('browser: leaving and coming back', () => {
  browserTest('halfway through signing in, paul signs out from the challenge, then someone else signs in on the same browser', 'leaving', async (b) => {
    const { page } = b;
    await enrolPaulWithApp(b);
    await b.signIn('paul');
    assert.equal(await heading(b), "Verify it's you");
    await b.submit(page.getByRole('button', { name: 'Sign out' }), 'challenge-signed-out');
    assert.equal(new URL(page.url()).pathname, '/login');
    // The challenge is gone with the session: it sends him back to sign in.
    await b.go('/2fa/verify', 'challenge-after-sign-out');
    assert.equal(new URL(page.url()).pathname, '/login');

    // Halfway again, he opens the sign-in page himself and signs in as olga instead.
    await b.signIn('paul');
    await b.go('/login', 'sign-in-page-halfway');
    assert.equal(new URL(page.url()).pathname, '/login', 'the sign-in page opens instead of the challenge');
    await fillSignIn(b, 'olga', 'olga-after-password');
    // olga is staff without a method: her own forced setup, nothing of paul's sign-in.
    assert.equal(new URL(page.url()).pathname, '/2fa/setup');
    assert.equal(await heading(b), 'Set up two-step verification');
    await b.submit(page.getByRole('button', { name: 'Sign out' }), 'setup-signed-out');
    assert.equal(new URL(page.url()).pathname, '/login');
  });

  browserTest('a bookmarked page: after the challenge paul lands where he was going, and twostep pages lead back to the clinic', 'coming-back', async (b) => {
    const { page } = b;
    const { key } = await enrolPaulWithApp(b);
    await b.go('/appointments', 'appointments-asks-sign-in');
    assert.equal(new URL(page.url()).pathname, '/login');
    await fillSignIn(b, 'paul', 'paul-after-password');
    assert.equal(new URL(page.url()).pathname, '/2fa/verify');
    await enterCode(b, appCode(key, b.clock.now()), 'verified');
    assert.equal(new URL(page.url()).pathname, '/appointments');
    assert.equal(await heading(b), 'Appointments');

    await b.go('/2fa', 'settings');
    await b.submit(page.getByRole('link', { name: 'Back to Riverside Clinic' }), 'back-to-clinic');
    await assertHome(b, 'Paul Parent', 'pwd + totp');
  });

  browserTest('the setup key wraps between groups of four, never inside one, at 1000 px', 'setup-key', async (b) => {
    const { page } = b;
    await page.setViewportSize({ width: 1000, height: 800 });
    await b.signIn('paul');
    await b.go('/2fa', 'settings-no-method');
    assert.equal(await page.getByRole('button', { name: 'Turn on two-step verification' }).count(), 0, 'nothing to turn on without a method');
    await b.submit(page.getByRole('button', { name: 'Use an authenticator app' }), 'authenticator-setup-1000px');
    const groups = page.locator('#setup-key .group');
    assert.ok(await groups.count() >= 8);
    const lines = await groups.evaluateAll((spans) => spans.map((span) => span.getClientRects().length));
    assert.deepEqual(lines.filter((n) => n !== 1), [], 'every group on one line');
    for (const width of [320, 375]) {
      await page.setViewportSize({ width, height: 800 });
      const narrow = await groups.evaluateAll((spans) => spans.map((span) => span.getClientRects().length));
      assert.deepEqual(narrow.filter((n) => n !== 1), [], `every group on one line at ${width} px`);
    }
    await page.setViewportSize({ width: 1000, height: 800 });
  });
});
