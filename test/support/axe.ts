/**
 * axe-core, the standard accessibility engine, run on the pages the browser tests visit: WCAG
 * 2.0 and 2.1 A and AA rules plus axe's best practices, at 1280 and 375 px wide, failing with
 * one readable line per violation.
 *
 * Injected with `page.evaluate(source)`: DevTools evaluation is not subject to the page's
 * Content-Security-Policy, so twostep's CSP stays on in the browser tests (which also fail on any
 * CSP violation) and nothing in the product changes for the test.
 *
 * Each distinct page state is checked once per test file and width: the state is the page's path
 * and the shape of its DOM (elements, ids, classes, roles, types, hidden), without text, and with
 * runs of same-shaped siblings counted once. "2 attempts left" and "1 attempt left" are one
 * state; the settings page with one method and with two (a "Make primary" button appears) are two.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;
export const AXE_WIDTHS = [1280, 375] as const;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Every state checked, one JSON line each in `<test file>.jsonl` (rewritten by each run of that
 * file), for the count in the README: docs/accessibility.md says how it is counted.
 */
export const AXE_RECORD_DIR = fileURLToPath(new URL('../../test-output/accessibility/', import.meta.url));
let recordFile: string | undefined;

function record(line: object): void {
  if (recordFile === undefined) {
    mkdirSync(AXE_RECORD_DIR, { recursive: true });
    recordFile = `${AXE_RECORD_DIR}${basename(process.argv[1] ?? `pid-${process.pid}`)}.jsonl`;
    writeFileSync(recordFile, '');
  }
  appendFileSync(recordFile, `${JSON.stringify(line)}\n`);
}

// Plain JavaScript in a string: tsx would wrap a function's inner helpers in its own `__name`,
// which does not exist inside the page.
const IN_PAGE_SHAPE = `(() => {
  const ATTRS = ['id', 'class', 'role', 'type', 'hidden', 'disabled', 'open', 'aria-hidden', 'aria-invalid', 'aria-expanded'];
  const shape = (el) => {
    const own = el.tagName.toLowerCase() + ATTRS.filter((a) => el.hasAttribute(a)).map((a) => '[' + a + '=' + el.getAttribute(a) + ']').join('');
    const kids = [];
    for (const child of el.children) {
      if (child.tagName === 'SCRIPT') continue;
      const s = shape(child);
      if (kids[kids.length - 1] !== s) kids.push(s);
    }
    return kids.length ? own + '(' + kids.join(',') + ')' : own;
  };
  return shape(document.body);
})()`;

const IN_PAGE_RUN = `axe.run(document, {
  runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
  resultTypes: ['violations'],
}).then((r) => r.violations.map((v) => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
})))`;

/**
 * What axe does not check: that Tab moves down the page as it is drawn. Each focusable element
 * in tab order (the DOM order: positive tabindex is axe's `tabindex` rule) must not sit wholly
 * above the one before it. Elements not drawn (the skip link until focused, a closed <details>'s
 * content) are skipped.
 */
const IN_PAGE_FOCUS_ORDER = `(() => {
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')];
  // checkVisibility: not display:none, not inside a closed <details> (content-visibility), not visibility:hidden.
  const drawn = all.filter((el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 && !el.closest('[inert]') && el.checkVisibility({ visibilityProperty: true }); });
  const where = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().slice(0, 40) + '"';
  const wrong = [];
  for (let i = 1; i < drawn.length; i += 1) {
    const before = drawn[i - 1].getBoundingClientRect();
    const next = drawn[i].getBoundingClientRect();
    if (next.bottom <= before.top) wrong.push(where(drawn[i]) + ' is above ' + where(drawn[i - 1]) + ' but comes after it');
  }
  return wrong;
})()`;

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string; summary: string }[] }

const checked = new Set<string>();

/** One line per element: rule id (impact) target: help, then axe's own summary of what to fix. */
export function formatViolations(where: string, width: number, violations: Violation[]): string {
  const lines = violations.flatMap((v) => v.nodes.map((n) => `  ${v.id} (${v.impact ?? 'n/a'}) ${n.target}: ${v.help}\n      ${n.summary.replace(/\n\s*/g, ' ')}`));
  return `axe-core: ${lines.length} violation(s) on ${where} at ${width} px:\n${lines.join('\n')}`;
}

/**
 * axe waits on timers, which never fire in a page whose script DevTools switched off (the
 * passkey fallback test; promises still settle there). Such a page is checked with setTimeout
 * run as a microtask while the check lasts: no page script runs there to notice.
 */
const TIMERS_AS_MICROTASKS = `(() => {
  window.__twostepTimers = [window.setTimeout, window.clearTimeout];
  window.setTimeout = (fn, _ms, ...args) => { Promise.resolve().then(() => fn(...args)); return 0; };
  window.clearTimeout = () => {};
})()`;
const TIMERS_BACK = `(() => { [window.setTimeout, window.clearTimeout] = window.__twostepTimers; delete window.__twostepTimers; })()`;

async function withTimers<T>(page: Page, run: () => Promise<T>): Promise<T> {
  const timers = page.evaluate('new Promise((resolve) => setTimeout(() => resolve(true), 0))').catch(() => false);
  const on = await Promise.race([timers, new Promise((resolve) => setTimeout(resolve, 1_000, false))]);
  if (on) return run();
  await page.evaluate(TIMERS_AS_MICROTASKS);
  try {
    return await run();
  } finally {
    await page.evaluate(TIMERS_BACK);
  }
}

async function violationsAt(page: Page, width: number): Promise<Violation[]> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  if (viewport.width !== width) await page.setViewportSize({ width, height: viewport.height });
  if (await page.evaluate('typeof window.axe') === 'undefined') await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(IN_PAGE_RUN) as Violation[];
  const focusOrder = await page.evaluate(IN_PAGE_FOCUS_ORDER) as string[];
  if (focusOrder.length > 0) {
    violations.push({ id: 'focus-order (twostep)', impact: 'serious', help: 'Tab must move down the page as it is drawn', nodes: focusOrder.map((summary) => ({ target: 'body', summary })) });
  }
  return violations;
}

/**
 * Runs axe on the page the browser is on, at each width, unless this state was already checked
 * in this test file; throws with the list of violations. The viewport is put back as it was.
 */
export async function checkA11y(page: Page): Promise<void> {
  // Ids in paths (/2fa/methods/uy6di_7m4VO4) name a record, not a page.
  const path = new URL(page.url()).pathname.replace(/\/(?=[\w-]*[\dA-Z])[\w-]{8,}(?=\/|$)/g, '/:id');
  const shape = await page.evaluate(IN_PAGE_SHAPE) as string;
  const state = `${path} ${createHash('sha256').update(shape).digest('hex').slice(0, 16)}`;
  if (checked.has(state)) return;
  checked.add(state);
  const before = page.viewportSize();
  const failures: string[] = [];
  try {
    await withTimers(page, async () => {
      for (const width of AXE_WIDTHS) {
        const violations = await violationsAt(page, width);
        if (violations.length > 0) failures.push(formatViolations(page.url(), width, violations));
      }
    });
  } finally {
    if (before) await page.setViewportSize(before);
  }
  record({ state, path, title: await page.title(), widths: AXE_WIDTHS, failed: failures.length });
  if (failures.length > 0) throw new Error(failures.join('\n'));
}
