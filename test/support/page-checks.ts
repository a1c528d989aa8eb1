/** Checks every browser test makes on the pages it visits. */
import assert from 'node:assert/strict';
import type { Page, Response } from 'playwright-core';
import { checkA11y } from './axe.js';

// Plain JavaScript in a string: tsx would wrap a function's inner helpers in its own `__name`,
// which does not exist inside the page.
const IN_PAGE_SCAN = `(() => {
  const named = (el) => Boolean(el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby')?.trim());
  const fields = [...document.querySelectorAll('input, select, textarea')].filter((el) => !(el.tagName === 'INPUT' && el.type === 'hidden'));
  return {
    mains: document.querySelectorAll('main').length,
    headings: document.querySelectorAll('h1').length,
    unlabelled: fields.filter((el) => (el.labels?.length ?? 0) === 0 && !named(el)).map((el) => el.outerHTML),
    unnamedButtons: [...document.querySelectorAll('button')].filter((el) => !el.textContent?.trim() && !named(el)).map((el) => el.outerHTML),
  };
})()`;

/**
 * axe-core's WCAG 2.0/2.1 A + AA and best-practice rules at 1280 and 375 px (./axe.ts, once per
 * distinct page state), and before it a quick check of what axe does not count: exactly one
 * <main> and one <h1> (axe asks for at least one), every field and button named, fields inside
 * a closed <details> included (they are on the page, only folded away).
 */
export async function checkPageAccessibility(page: Page): Promise<void> {
  const found = await page.evaluate(IN_PAGE_SCAN) as { mains: number; headings: number; unlabelled: string[]; unnamedButtons: string[] };
  const where = page.url();
  assert.equal(found.mains, 1, `${where}: one <main>`);
  assert.equal(found.headings, 1, `${where}: one <h1>`);
  assert.deepEqual(found.unlabelled, [], `${where}: fields without a label`);
  assert.deepEqual(found.unnamedButtons, [], `${where}: buttons without a name`);
  await checkA11y(page);
}

/** What is wrong with a page's Content-Security-Policy, or [] when it is there and forbids inline code. */
export async function cspProblems(response: Response): Promise<string[]> {
  const csp = (await response.allHeaders())['content-security-policy'];
  if (!csp) return [`${response.url()}: no Content-Security-Policy header`];
  return csp.includes("'unsafe-inline'") ? [`${response.url()}: CSP allows 'unsafe-inline': ${csp}`] : [];
}
