/**
 * Page-level promises of twostep's own pages, checked in the browser: a Content-Security-Policy
 * without 'unsafe-inline' and the stylesheet and script served from the mount path. (Labels,
 * one <main>, one <h1>, script errors and CSP violations are checked on every page of every flow.)
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { appCode } from './support/authenticator-app.js';
import { browserTest } from './support/browser-demo.js';
import { enterCode, keepRecoveryCodes, turnOnAuthenticatorApp } from './support/browser-flows.js';
import { cspProblems } from './support/page-checks.js';

describe('browser: twostep pages', () => {
  browserTest("every twostep page has a CSP without 'unsafe-inline' and loads its assets from /2fa/assets", 'csp', async (b) => {
    const { page } = b;
    const assets: string[] = [];
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname.startsWith('/2fa/assets/')) assets.push(request.resourceType());
    });
    // Setup picker, authenticator setup, recovery codes, challenge, settings: nora's first two sign-ins.
    await b.signIn('nora');
    const key = await turnOnAuthenticatorApp(b, 'nora');
    await keepRecoveryCodes(b);
    await b.signOut();
    b.clock.advanceSeconds(30);
    await b.signIn('nora');
    await enterCode(b, appCode(key, b.clock.now()), 'verified');
    await b.go('/2fa', 'settings');

    const twoStepPages = b.documents.filter((response) => response.status() === 200 && new URL(response.url()).pathname.startsWith('/2fa'));
    assert.ok(twoStepPages.length >= 5, `visited ${twoStepPages.length} twostep pages`);
    const problems = (await Promise.all(twoStepPages.map(cspProblems))).flat();
    assert.deepEqual(problems, []);
    assert.ok(assets.includes('stylesheet'), 'a stylesheet from /2fa/assets');
    assert.ok(assets.includes('script'), 'a script from /2fa/assets');
  });
});
