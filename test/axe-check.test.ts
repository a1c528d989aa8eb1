/**
 * The accessibility check the browser tests run on every page (test/support/axe.ts) catches
 * what the old smoke check missed: a button whose accessible name does not contain its visible
 * text (`label-content-name-mismatch`, serious), under a CSP as strict as twostep's, at both
 * widths, with a message that names the rule, impact, element and help; and a focus order that
 * runs up the page, which axe does not check. A clean page passes and the viewport is put back.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { checkA11y } from './support/axe.js';
import { chromiumMissing, sharedBrowser } from './support/chromium.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'";

const page = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Check</title></head>
<body><main><h1>Settings</h1>${body}</main></body></html>`;

const PAGES: Record<string, string> = {
  '/order': page('<link rel="stylesheet" href="/order.css"><div class="reversed"><a href="/first">First</a> <a href="/second">Second</a></div>'),
  '/order.css': '.reversed{display:flex;flex-direction:column-reverse}',
  '/mismatch': page('<button type="button" aria-label="Make Authenticator app the primary method">Make primary</button>'),
  '/clean': page('<button type="button" aria-label="Make primary: Authenticator app">Make primary</button>'),
};

describe('the axe-core check of the browser tests', { skip: chromiumMissing }, () => {
  const server = createServer((req, res) => {
    const html = PAGES[req.url ?? ''];
    const type = req.url?.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8';
    res.writeHead(html ? 200 : 404, { 'Content-Type': type, 'Content-Security-Policy': CSP });
    res.end(html ?? 'not found');
  });
  let context: BrowserContext;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser: Browser = await sharedBrowser();
    context = await browser.newContext({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  after(async () => {
    await context?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails on "Make primary" labelled "Make Authenticator app the primary method", at 1280 and 375 px, saying what and where', async () => {
    const tab = await context.newPage();
    await tab.goto('/mismatch');
    const error = await checkA11y(tab).then(() => undefined, (e: Error) => e);
    assert.ok(error, 'the check passed a page with a serious violation');
    for (const width of [1280, 375]) assert.match(error.message, new RegExp(`on http://127\\.0\\.0\\.1:\\d+/mismatch at ${width} px`));
    assert.match(error.message, /label-content-name-mismatch \(serious\) button: Elements must have their visible text as part of their accessible name\n +Fix any of the following: Text inside the element is not included in the accessible name/);
    assert.deepEqual(tab.viewportSize(), { width: 1280, height: 720 }, 'the viewport is put back');
  });

  it('fails when Tab would jump up the page (CSS drawing the second link above the first)', async () => {
    const tab = await context.newPage();
    await tab.goto('/order');
    const error = await checkA11y(tab).then(() => undefined, (e: Error) => e);
    assert.ok(error, 'the check passed a page whose focus order runs upwards');
    assert.match(error.message, /focus-order \(twostep\) \(serious\) body: Tab must move down the page as it is drawn\n +a "Second" is above a "First" but comes after it/);
  });

  it('passes the same button named "Make primary: Authenticator app", with the CSP still on', async () => {
    const tab = await context.newPage();
    const response = await tab.goto('/clean');
    assert.equal(response?.headers()['content-security-policy'], CSP);
    await checkA11y(tab);
  });
});
