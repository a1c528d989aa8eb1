/**
 * One browser flow against the example app: a fresh demo (own memory store, own clock) on
 * 127.0.0.1 port 0, a fresh browser context, and a screenshot plus an accessibility smoke check
 * of every page the flow lands on. A page visited without a screenshot fails the test, so the
 * screenshots under test-output/screenshots/ are the whole flow, in order.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import type { Locator, Page, Response } from 'playwright-core';
import { createDemoApp, type DemoApp } from '../../examples/app.js';
import { findByUsername } from '../../examples/users.js';
import { chromiumMissing, sharedBrowser } from './chromium.js';
import { checkPageAccessibility } from './page-checks.js';
import { manualClock } from './test-app.js';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

export interface BrowserDemo {
  page: Page;
  demo: DemoApp;
  /** Starts at the real time (cookies expire by the browser's clock); tests move it forward. */
  clock: ReturnType<typeof manualClock>;
  /** The main-document response of every page visited, in order. */
  documents: Response[];
  /** Checks the page the browser is on and saves `<flow>-<nn>-<step>.png`. */
  snap(step: string): Promise<void>;
  go(path: string, step: string): Promise<void>;
  /** Clicks something that loads another page, then snaps that page. */
  submit(target: Locator, step: string): Promise<void>;
  /** Opens `path` in another tab of the same browser (same cookies), snaps it, reads it, closes it. */
  inNewTab<T>(path: string, step: string, read: (tab: Page) => Promise<T>): Promise<T>;
  signIn(username: string): Promise<void>;
  signOut(): Promise<void>;
}

export interface BrowserTestOptions {
  todo?: string;
  /**
   * Open the demo at http://localhost:<port> instead of 127.0.0.1: WebAuthn needs a domain
   * for its rpID, and an IP address is not one. The demo's passkeys are bound to that origin.
   */
  localhost?: boolean;
  /** The browser's language (its Accept-Language and navigator.language), like 'es-MX'. @default Chromium's, en-US */
  locale?: string;
}

async function openDemo(flow: string, options: BrowserTestOptions = {}): Promise<BrowserDemo & { finish(failed: boolean): Promise<void> }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const old of readdirSync(SCREENSHOT_DIR)) if (old.startsWith(`${flow}-`)) rmSync(`${SCREENSHOT_DIR}${old}`);

  const clock = manualClock(Date.now());
  // Listening first: the demo is told its origin (with the port) before it starts answering.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const demo = createDemoApp({ now: clock.now, origin: `http://localhost:${port}` });
  // The practices' settings are seeded at start-up: no sign-in before they are there.
  await demo.ready;
  server.on('request', demo.app);
  const base = `http://${options.localhost ? 'localhost' : '127.0.0.1'}:${port}`;
  const context = await (await sharedBrowser()).newContext({ baseURL: base, ...(options.locale ? { locale: options.locale } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);

  const documents: Response[] = [];
  const unsnapped: string[] = [];
  const problems: string[] = [];
  page.on('response', (response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) documents.push(response);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) unsnapped.push(frame.url());
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`CSP violation: ${message.text()}`);
  });

  let shots = 0;
  const screenshot = (target: Page, step: string) => {
    shots += 1;
    return target.screenshot({ path: `${SCREENSHOT_DIR}${flow}-${String(shots).padStart(2, '0')}-${step}.png`, fullPage: true });
  };
  const snap = async (step: string) => {
    await page.waitForLoadState('load');
    if (unsnapped.length > 1) assert.fail(`pages visited without a screenshot: ${unsnapped.slice(0, -1).join(', ')}`);
    unsnapped.length = 0;
    await screenshot(page, step);
    await checkPageAccessibility(page);
  };
  const submit = async (target: Locator, step: string) => {
    await target.click();
    await page.waitForLoadState('load');
    await snap(step);
  };
  const go = async (path: string, step: string) => {
    await page.goto(path);
    await snap(step);
  };

  return {
    page, demo, clock, documents, snap, go, submit,
    async inNewTab(path, step, read) {
      const tab = await context.newPage();
      try {
        await tab.goto(path);
        await screenshot(tab, step);
        await checkPageAccessibility(tab);
        return await read(tab);
      } finally {
        await tab.close();
      }
    },
    async signIn(username) {
      const user = findByUsername(username) ?? assert.fail(`no demo user ${username}`);
      await go('/login', `${username}-sign-in`);
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password').fill(user.password);
      await submit(page.getByRole('button', { name: 'Sign in' }), `${username}-after-password`);
    },
    async signOut() {
      await go('/', 'home');
      await submit(page.getByRole('button', { name: 'Sign out' }), 'signed-out');
    },
    async finish(failed) {
      try {
        if (failed) await page.screenshot({ path: `${SCREENSHOT_DIR}${flow}-FAILED.png`, fullPage: true }).catch(() => {});
        else {
          assert.deepEqual(unsnapped.filter((url) => !url.startsWith('about:')), [], 'the last page visited has no screenshot');
          assert.deepEqual(problems, [], 'the pages raised script errors or CSP violations');
        }
      } finally {
        await context.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await demo.close();
      }
    },
  };
}

/** A browser test: skipped, visibly, where Chromium is missing. `todo` while a page is not there yet. */
export function browserTest(name: string, flow: string, fn: (browser: BrowserDemo) => Promise<void>, options: BrowserTestOptions = {}): void {
  it(name, { skip: chromiumMissing, timeout: 60_000, ...(options.todo ? { todo: options.todo } : {}) }, async () => {
    const session = await openDemo(flow, options);
    let failed = true;
    try {
      await fn(session);
      failed = false;
    } finally {
      await session.finish(failed);
    }
  });
}
