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

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string; summary: string }[] }

const checked = new Set<string>();

/** One line per element: rule id (impact) target: help, then axe's own summary of what to fix. */
export function formatViolations(where: string, width: number, violations: Violation[]): string {
  const lines = violations.flatMap((v) => v.nodes.map((n) => `  ${v.id} (${v.impact ?? 'n/a'}) ${n.target}: ${v.help}\n      ${n.summary.replace(/\n\s*/g, ' ')}`));
  return `axe-core: ${lines.length} violation(s) on ${where} at ${width} px:\n${lines.join('\n')}`;
}

async function violationsAt(page: Page, width: number): Promise<Violation[]> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  if (viewport.width !== width) await page.setViewportSize({ width, height: viewport.height });
  if (await page.evaluate('typeof window.axe') === 'undefined') await page.evaluate(AXE_SOURCE);
  return page.evaluate(IN_PAGE_RUN) as Promise<Violation[]>;
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
    for (const width of AXE_WIDTHS) {
      const violations = await violationsAt(page, width);
      if (violations.length > 0) failures.push(formatViolations(page.url(), width, violations));
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
  record({ state, path, title: await page.title(), widths: AXE_WIDTHS, failed: failures.length });
  if (failures.length > 0) throw new Error(failures.join('\n'));
}
