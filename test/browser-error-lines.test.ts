/**
 * Every kind of wrong answer, met in Chromium as a parent on a phone meets it, in English,
 * Spanish and Finnish (the demo's `lang: 'auto'`, the browser's locale): a wrong first code while
 * setting up the authenticator app, a wrong app code, a wrong emailed code, a refused passkey and a
 * wrong recovery code. At 375 px wide each error is the text for its kind and takes at most two
 * lines; every page is checked by axe-core at 1280 and 375 px (browser-demo.ts), and screenshotted.
 * The recovery-code field's pattern, as the browser compiles it, takes the example and a real
 * code and refuses the old example's letters.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { findByUsername } from '../examples/users.js';
import { BUILT_IN_PACKS } from '../src/language-packs.js';
import { RECOVERY_CODE_EXAMPLE } from '../src/methods/code-format.js';
import { appCode, readSetupKey } from './support/authenticator-app.js';
import { browserTest, type BrowserDemo } from './support/browser-demo.js';
import { wrongCode } from './support/browser-flows.js';
import { addVirtualAuthenticator } from './support/virtual-authenticator.js';

const PHONE = { width: 375, height: 812 };
const PASSWORD = findByUsername('paul')!.password;

/** The error alert's text and how many lines it is drawn on (its content height over its line height). */
const IN_PAGE_ERROR_LINES = `(() => {
  const el = document.querySelector('[role=alert]#error');
  if (!el) return null;
  const style = getComputedStyle(el);
  const content = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  const hidden = el.querySelector('.visually-hidden');
  return { text: el.textContent.replace(hidden ? hidden.textContent : '', ''), lines: Math.round(content / parseFloat(style.lineHeight)), width: window.innerWidth };
})()`;

async function assertErrorFits(page: Page, expected: string, kind: string): Promise<void> {
  const found = await page.evaluate(IN_PAGE_ERROR_LINES) as { text: string; lines: number; width: number } | null;
  assert.ok(found, `${kind}: an error on ${page.url()}`);
  assert.equal(found.width, PHONE.width);
  assert.equal(found.text, expected, `${kind}: the text for this kind of answer`);
  assert.ok(found.lines >= 1 && found.lines <= 2, `${kind}: "${found.text}" takes ${found.lines} lines at ${PHONE.width} px`);
}

/** A button that makes the page script ask the authenticator, then post: wait for that page. */
async function clickAndLoad(b: BrowserDemo, button: Locator, step: string): Promise<void> {
  await Promise.all([b.page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  await b.snap(step);
}

const submitOf = (page: Page, form: string) => page.locator(`${form} button[type=submit]`);

async function everyKind(b: BrowserDemo, lang: 'en' | 'es' | 'fi'): Promise<void> {
  const { page } = b;
  const texts = BUILT_IN_PACKS[lang].pages;
  await page.setViewportSize(PHONE);
  const authenticator = await addVirtualAuthenticator(page);
  await b.signIn('paul');

  // A passkey first (no second factor needed yet), then its recovery codes.
  await b.go('/2fa', 'settings');
  await b.submit(submitOf(page, 'form:has(input[name=type][value=webauthn])'), 'passkey-setup');
  await page.locator('#passkey-name').fill('Phone');
  await page.locator('#password').fill(PASSWORD);
  await clickAndLoad(b, page.locator('button[data-webauthn=create]'), 'passkey-added');
  await page.locator('#saved').check();
  await b.submit(submitOf(page, 'form:has(#saved)'), 'after-recovery-codes');

  // The authenticator app: a wrong first code, then the right one.
  await b.go('/2fa', 'settings-with-passkey');
  await b.submit(submitOf(page, 'form:has(input[name=type][value=totp])'), 'app-setup');
  const key = await readSetupKey(page);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#code').fill(wrongCode(key, b.clock.now()));
  await b.submit(submitOf(page, 'form:has(#code)'), 'wrong-first-code');
  await assertErrorFits(page, texts.errorWrongFirstCode, 'first-code');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#code').fill(appCode(key, b.clock.now()));
  await b.submit(submitOf(page, 'form:has(#code)'), 'app-added');

  // Email codes, added through the JSON API in the same browser (browser-email.test.ts does it by page).
  const started = await page.request.post('/2fa/methods', { headers: { Accept: 'application/json' }, data: { type: 'email', address: 'paul@family.example' } });
  assert.equal(started.status(), 201, await started.text());
  const emailId = (await started.json() as { id: string }).id;
  const setupCode = b.demo.outbox.find((m) => m.subject?.includes('verification code') || /\b\d{6}\b/.test(m.text))?.text.match(/\b(\d{6})\b/)?.[1];
  const confirmed = await page.request.post(`/2fa/methods/${emailId}/confirm`, { headers: { Accept: 'application/json' }, data: { code: setupCode, password: PASSWORD } });
  assert.equal(confirmed.status(), 200, await confirmed.text());
  b.clock.advanceSeconds(60);
  // The login page offers the passkey in autofill: paul signs in with his password instead.
  await authenticator.automaticPresence(false);
  await b.signOut();

  // The challenge: a wrong app code (the code methods' first), then a wrong emailed code.
  await b.signIn('paul');
  assert.equal(new URL(page.url()).pathname, '/2fa/verify');
  await page.locator('#code').fill(wrongCode(key, b.clock.now()));
  await b.submit(submitOf(page, 'form:has(#code)'), 'wrong-app-code');
  await assertErrorFits(page, texts.errorWrongAppCode, 'app-code');

  await b.submit(submitOf(page, `form[action$="/send"]:has(input[value="${emailId}"])`), 'code-sent');
  const sent = [...b.demo.outbox].reverse().find((m) => /\b\d{6}\b/.test(m.text))!.text.match(/\b(\d{6})\b/)![1]!;
  await page.locator(`input[type=radio][name=method][value="${emailId}"]`).check();
  await page.locator('#code').fill(sent === '123456' ? '654321' : '123456');
  await b.submit(submitOf(page, 'form:has(#code)'), 'wrong-sent-code');
  await assertErrorFits(page, texts.errorWrongSentCode, 'sent-code');

  // A passkey answer that arrives after its challenge expired: refused by the server.
  await page.route('**/2fa/verify', async (route) => {
    if (route.request().method() === 'POST') b.clock.advanceSeconds(301);
    await route.continue();
  }, { times: 1 });
  await authenticator.automaticPresence(true);
  await clickAndLoad(b, page.locator('button[data-webauthn=get]'), 'passkey-refused');
  await assertErrorFits(page, texts.errorPasskeyRefused, 'passkey');

  // A recovery code that is none of paul's; the field's pattern is the codes' own.
  await b.go('/2fa/verify?use=recovery', 'recovery-form');
  const field = page.locator('#recovery-code');
  const mismatch = async (value: string) => {
    await field.fill(value);
    return field.evaluate((el) => (el as HTMLInputElement).validity.patternMismatch);
  };
  assert.equal(await mismatch(RECOVERY_CODE_EXAMPLE), false, 'the example fits the field');
  assert.equal(await mismatch(RECOVERY_CODE_EXAMPLE.toLowerCase().replaceAll('-', ' ')), false, 'in lower case, with spaces');
  assert.equal(await mismatch('ABCDE-FGHJK-LMNPQ'), true, 'B and L are not in the alphabet');
  assert.ok((await page.locator('#recovery-hint').textContent())?.includes(RECOVERY_CODE_EXAMPLE));
  await field.fill('AAAAA-AAAAA-AAAAA');
  await b.submit(submitOf(page, 'form:has(#recovery-code)'), 'wrong-recovery-code');
  await assertErrorFits(page, texts.errorWrongRecoveryCode, 'recovery-code');
}

describe('browser: wrong answers fit a phone screen, each in words for its kind', () => {
  browserTest('in English, at 375 px', 'error-lines-en', (b) => everyKind(b, 'en'), { localhost: true });
  browserTest('in Spanish, at 375 px', 'error-lines-es', (b) => everyKind(b, 'es'), { localhost: true, locale: 'es-MX' });
  browserTest('in Finnish, at 375 px', 'error-lines-fi', (b) => everyKind(b, 'fi'), { localhost: true, locale: 'fi-FI' });
});
