import { codeField, errorBlock, escapeHtml, layout, noticeBlock, postForm, text } from './html.js';
import { minutesOf, setupTitle } from './method-name.js';
import { fill } from './texts.js';
import type { SetupContactPageData } from './types.js';

/** Confirming an email address or phone number with the code just sent to it. */
export function renderSetupContactPage(data: SetupContactPageData): string {
  const title = setupTitle(data, data.type);
  const path = `/methods/${data.methodId}`;
  const notice = data.notice ?? fill(data.texts.setupContactSent, { label: data.label, minutes: minutesOf(data.codeTtlSeconds) });
  const waiting = data.resendInSeconds ?? 0;
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
${noticeBlock(notice)}
${errorBlock(data, data.error)}
${postForm(data, `${path}/confirm`, `${data.needsPassword ? `<label for="password">${text(data, 'passwordLabel')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
` : ''}${codeField(data, { error: data.error, autofocus: !data.needsPassword })}
<button type="submit">${text(data, 'setupContactSubmit')}</button>`)}
${postForm(data, `${path}/send`, `<button type="submit" class="secondary"${waiting > 0 ? ` data-wait-seconds="${waiting}" data-wait-text="${escapeHtml(data.texts.sendCodeWait)}"` : ''} aria-describedby="resend-hint">${text(data, 'resendCode')}</button>
<p class="hint" id="resend-hint" role="status"${waiting > 0 ? '' : ' hidden'}>${text(data, 'sendCodeWait', { seconds: waiting })}</p>`)}
<p><a href="${escapeHtml(data.mountPath)}">${text(data, 'cancel')}</a></p>`);
}
