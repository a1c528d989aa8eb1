/**
 * The admin router's pages in Chromium: Riverside's practice manager (alice, signed in with her
 * authenticator app) opens the start page, tries to save a wrong office network and is shown the
 * problem at the top (focused) and beside the field with what she typed kept, saves the
 * corrected form, reads the history, searches the people, and unlocks and resets Bob, each
 * after "Are you sure?". Every page gets a screenshot (in the test's temporary folder) and the
 * accessibility smoke check; a script error or a CSP violation fails the test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryStore } from '../src/index.ts';
import { generateTotp } from '../src/testing/index.ts';
import { makeAdminApp } from './support/admin-app.ts';
import { chromiumMissing, sharedBrowser } from './support/chromium.ts';
import { checkPageAccessibility } from './support/page-checks.ts';
import { enrolUser, logIn, manualClock, wrongCode } from './support/test-app.ts';
import request from 'supertest';

describe('browser: the admin router pages', () => {
  it('a practice manager changes the settings, reads the history, and helps a locked-out colleague', { skip: chromiumMissing, timeout: 90_000 }, async (t) => {
    const clock = manualClock(Date.now());
    const env = makeAdminApp(memoryStore(), { clock });
    const alice = await enrolUser(env.app, clock, 'alice');
    const bob = await enrolUser(env.app, clock, 'bob');
    const thief = request.agent(env.app);
    await logIn(thief, 'bob');
    for (let i = 0; i < 5; i += 1) await thief.post('/2fa/verify').set('Accept', 'application/json').send({ code: wrongCode(bob.secret, clock.now()) });

    const server = createServer(env.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const shots = mkdtempSync(join(tmpdir(), 'twostep-admin-pages-'));
    t.diagnostic(`screenshots: ${shots}`);
    const context = await (await sharedBrowser()).newContext({ baseURL: base });
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`CSP violation: ${message.text()}`);
    });
    let n = 0;
    const snap = async (step: string) => {
      await page.waitForLoadState('load');
      n += 1;
      await page.screenshot({ path: join(shots, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
      await checkPageAccessibility(page);
    };
    const click = async (target: ReturnType<typeof page.getByRole>, step: string) => {
      await target.click();
      await page.waitForLoadState('load');
      await snap(step);
    };
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();

    try {
      // Signed in with password and a code (the browser context's cookies).
      await page.request.post('/login', { form: { username: 'alice', password: 'alice-pass' } });
      const verified = await page.request.post('/2fa/verify', { form: { code: generateTotp({ secret: alice.secret, nowMs: clock.now() }) }, headers: { Accept: 'application/json' } });
      assert.equal(verified.status(), 200);

      await page.goto('/admin/2fa/');
      await snap('start');
      assert.equal(await heading(), 'Two-step verification: administration');
      await click(page.getByRole('link', { name: 'Settings' }), 'settings');
      assert.equal(await heading(), 'Two-step verification settings for riverside');

      await page.getByLabel('Everybody in this organisation').check();
      await page.getByLabel('Code by text message').uncheck();
      await page.getByLabel('Office networks that skip the code').fill('192.168.10.0/24\n10.0.0.0/33');
      await page.getByLabel('Days to set it up').fill('7');
      await click(page.getByRole('button', { name: 'Save settings' }), 'settings-refused');
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert.equal(focused, 'error-summary', 'the summary of problems has the focus');
      await page.getByRole('alert').getByRole('link', { name: /Line 2 \(“10\.0\.0\.0\/33”\)/ }).waitFor();
      const networks = page.getByLabel('Office networks that skip the code');
      assert.equal(await networks.inputValue(), '192.168.10.0/24\n10.0.0.0/33', 'what was typed is kept');
      assert.equal(await networks.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByLabel('Code by text message').isChecked(), false);
      assert.equal(await page.getByLabel('Everybody in this organisation').isChecked(), true);
      assert.equal((await env.twoStep.organisations.get('riverside')).version, 0, 'nothing saved');

      await page.getByRole('alert').getByRole('link', { name: /Line 2/ }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'skipNetworks', 'the summary link leads to the field');
      await networks.fill('192.168.10.0/24');
      await click(page.getByRole('button', { name: 'Save settings' }), 'settings-saved');
      await page.getByText('Your changes are saved.').waitFor();
      const saved = await env.twoStep.organisations.get('riverside');
      assert.deepEqual([saved.enforcement, saved.graceDays, saved.skipNetworks, saved.allowedMethods, saved.updatedBy], ['all', 7, ['192.168.10.0/24'], ['totp', 'email', 'webauthn'], 'u-alice']);

      await click(page.getByRole('link', { name: 'History of changes' }), 'history');
      await page.getByText('Who must use it: everybody').waitFor();

      await click(page.getByRole('link', { name: 'People' }), 'people');
      await page.getByRole('row', { name: /Bob Baker/ }).getByText(/^until /).waitFor();
      await page.getByLabel('Search by name').fill('bak');
      await click(page.getByRole('button', { name: 'Search' }), 'people-search');
      assert.equal(await page.getByRole('row').count(), 2, 'the header and Bob');
      await click(page.getByRole('link', { name: 'Bob Baker' }), 'bob');
      assert.equal(await heading(), 'Two-step verification for Bob Baker');

      await click(page.getByRole('button', { name: 'Unlock…' }), 'unlock-confirm');
      assert.equal(await heading(), 'Are you sure?');
      assert.equal((await env.twoStep.admin.status('u-bob')).lockedUntil !== null, true, 'not yet');
      await click(page.getByRole('button', { name: 'Yes, do it' }), 'unlocked');
      await page.getByText('Unlocked: they can try codes again.').waitFor();
      assert.equal((await env.twoStep.admin.status('u-bob')).lockedUntil, null);

      await click(page.getByRole('button', { name: 'Reset…' }), 'reset-confirm');
      await page.getByText('They will have to set it up again at their next sign-in.').waitFor();
      await click(page.getByRole('button', { name: 'Yes, do it' }), 'reset');
      await page.getByText('Two-step verification was reset.').waitFor();
      const reset = await env.twoStep.admin.status('u-bob');
      assert.deepEqual([reset.enabled, reset.methods.length, reset.setupRequired], [false, 0, true]);
      assert.deepEqual(env.events.filter((e) => e.name !== 'sessions.revoked').map((e) => [e.name, e.event.userId, e.event.by]),
        [['settings.changed', 'u-alice', undefined], ['unlocked', 'u-bob', 'u-alice'], ['admin.reset', 'u-bob', 'u-alice']]);
      assert.deepEqual(problems, []);
    } finally {
      await page.screenshot({ path: join(shots, 'last.png'), fullPage: true }).catch(() => {});
      await context.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
