import { codeField, describedBy, errorBlock, escapeHtml, layout, noticeBlock, postForm, text } from './html.js';
import { renderLockedPage } from './locked-page.js';
import { methodName } from './method-name.js';
import { fill } from './texts.js';
import { passkeyBlock } from './passkey-block.js';
import type { MethodView, VerifyPageData } from './types.js';
import { answeredByPasskey, unitOf } from '../methods/method-units.js';
import { RECOVERY_CODE_EXAMPLE, RECOVERY_INPUT_PATTERN } from '../methods/code-format.js';

/** The challenge: a code (with the method choice), or a recovery code; sending email/SMS codes. */
export function renderVerifyPage(data: VerifyPageData): string {
  if (data.lockedUntil) return renderLockedPage(data, data.lockedUntil);
  const title = data.texts.verifyTitle;
  const body = data.recovery ? recoveryForm(data) : withPasskey(data);
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
${noticeBlock(data.notice)}
${failure(data)}
${body}`);
}

/**
 * What went wrong, short enough for two lines on a phone; the attempts left follow on their own
 * line, read with the field (its aria-describedby) when the page comes back focused on it.
 */
function failure(data: VerifyPageData): string {
  if (!data.error) return '';
  const left = data.attemptsLeft === undefined ? '' : `
<p class="attempts-left" id="attempts-left">${escapeHtml(data.attemptsLeft === 1
    ? data.texts.attemptsLeftOne
    : fill(data.texts.attemptsLeftMany, { count: data.attemptsLeft }))}</p>`;
  return `${errorBlock(data, data.error)}${left}`;
}

/** The field's extra description: the attempts left, when the page says them. */
function attemptsLeftId(data: VerifyPageData): string | undefined {
  return data.error && data.attemptsLeft !== undefined ? 'attempts-left' : undefined;
}

function selectedId(data: VerifyPageData): string | undefined {
  return data.selectedMethodId ?? data.methods.find((m) => m.primary)?.id ?? data.methods[0]?.id;
}

function methodChoice(data: VerifyPageData): string {
  if (data.methods.length === 0) return '';
  if (data.methods.length === 1) return `<input type="hidden" name="method" value="${escapeHtml(data.methods[0]!.id)}">`;
  const selected = selectedId(data);
  const radios = data.methods.map((m, i) => `<label class="choice" for="method-${i}"><input type="radio" id="method-${i}" name="method" value="${escapeHtml(m.id)}"${m.id === selected ? ' checked' : ''}> ${escapeHtml(methodName(data, m))}</label>`);
  return `<fieldset>
<legend>${text(data, 'verifyChooseMethod')}</legend>
${radios.join('\n')}
</fieldset>`;
}

/** A passkey, when the user has one, comes first; codes from the other methods follow. */
function withPasskey(data: VerifyPageData): string {
  const hasPasskey = data.methods.some(answeredByPasskey);
  if (!hasPasskey) return codeForm(data);
  const codeMethods = data.methods.filter((m) => !answeredByPasskey(m));
  const passkey = passkeyBlock(data, { mode: 'get', action: '/verify', optionsPath: '/webauthn/options', buttonText: data.texts.passkeyUse });
  if (codeMethods.length === 0) {
    return `<p>${text(data, 'passkeyOnlyIntro')}</p>
${passkey}
<p><a href="${escapeHtml(data.mountPath)}/verify?use=recovery">${text(data, 'useRecoveryCode')}</a></p>`;
  }
  const selected = data.selectedMethodId && codeMethods.some((m) => m.id === data.selectedMethodId) ? data.selectedMethodId : undefined;
  const { selectedMethodId: _dropped, ...rest } = data;
  return `${passkey}
<h2>${text(data, 'passkeyOr')}</h2>
${codeForm({ ...rest, methods: codeMethods.some((m) => m.primary) ? codeMethods : codeMethods.map((m, i) => ({ ...m, primary: i === 0 })), ...(selected ? { selectedMethodId: selected } : {}) })}`;
}

function codeForm(data: VerifyPageData): string {
  const onlyApp = data.methods.every((m) => unitOf(m.type).answer === 'app-code');
  const remember = data.rememberDays ? `<label class="choice" for="remember"><input type="checkbox" id="remember" name="remember" value="1" aria-describedby="remember-hint"> ${text(data, 'verifyRemember', { days: data.rememberDays })}</label>
<span class="hint" id="remember-hint">${text(data, 'verifyRememberHint')}</span>` : '';
  return `<p>${text(data, onlyApp ? 'verifyIntroApp' : 'verifyIntroAny')}</p>
${postForm(data, '/verify', `${methodChoice(data)}
${codeField(data, { error: data.error, alsoDescribedBy: attemptsLeftId(data), ...(data.codeDigits ? { digits: data.codeDigits } : {}) })}
${remember}
<button type="submit">${text(data, 'verifySubmit')}</button>`)}
${sendForms(data)}
<p><a href="${escapeHtml(data.mountPath)}/verify?use=recovery">${text(data, 'useRecoveryCode')}</a></p>`;
}

/** One "Send a code" button per email/SMS method; during the cooldown the script waits it out. */
function sendForms(data: VerifyPageData): string {
  const contact = data.methods.filter((m) => unitOf(m.type).answer === 'sent-code');
  if (contact.length === 0) return '';
  const waiting = data.resendInSeconds ?? 0;
  const hint = `<p class="hint" id="resend-hint" role="status"${waiting > 0 ? '' : ' hidden'}>${text(data, 'sendCodeWait', { seconds: waiting })}</p>`;
  return `${contact.map((m: MethodView) => postForm(data, '/send', `<input type="hidden" name="method" value="${escapeHtml(m.id)}">
<button type="submit" class="secondary"${waiting > 0 ? ` data-wait-seconds="${waiting}" data-wait-text="${escapeHtml(data.texts.sendCodeWait)}"` : ''} aria-describedby="resend-hint">${text(data, 'sendCode', { label: m.label })}</button>`)).join('\n')}
${hint}`;
}

function recoveryForm(data: VerifyPageData): string {
  // The example and the pattern come from the codes' own alphabet and groups.
  return `<p>${text(data, 'useRecoveryCodeIntro')}</p>
${postForm(data, '/verify', `<label for="recovery-code">${text(data, 'recoveryCodeLabel')}</label>
<span class="hint" id="recovery-hint">${text(data, 'recoveryCodeHint', { example: RECOVERY_CODE_EXAMPLE })}</span>
<input class="recovery" id="recovery-code" name="recoveryCode" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" pattern="${escapeHtml(RECOVERY_INPUT_PATTERN)}" required autofocus${describedBy(['recovery-hint', data.error ? 'error' : undefined, attemptsLeftId(data)], Boolean(data.error))}>
<button type="submit">${text(data, 'useRecoverySubmit')}</button>`)}
<p><a href="${escapeHtml(data.mountPath)}/verify">${text(data, 'useCodeInstead')}</a></p>
${data.support ? `<p class="muted">${text(data, 'cannotSignIn', { contact: data.support.contact })}</p>` : ''}`;
}
