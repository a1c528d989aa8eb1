import { codeField, errorBlock, escapeHtml, layout, postForm, text } from './html.js';
import { methodName } from './method-name.js';
import { passkeyBlock } from './passkey-block.js';
import type { ReverifyPageData } from './types.js';
import { answeredByPasskey } from '../methods/method-units.js';

/** A fresh check before a sensitive change: a code, a recovery code, or the password. */
export function renderReverifyPage(data: ReverifyPageData): string {
  const title = data.texts.reverifyTitle;
  const returnTo = data.returnTo ? `<input type="hidden" name="returnTo" value="${escapeHtml(data.returnTo)}">` : '';
  const hasPasskey = data.methods.some(answeredByPasskey);
  const passkey = hasPasskey ? passkeyBlock(data, {
    mode: 'get', action: '/reverify', optionsPath: '/webauthn/options', buttonText: data.texts.passkeyUse,
    fields: `${returnTo}${data.passkeyRequired ? '<input type="hidden" name="passkey" value="1">' : ''}`,
  }) : '';
  if (data.passkeyRequired) {
    return layout(data, title, `<h1>${escapeHtml(title)}</h1>
<p>${text(data, hasPasskey ? 'passkeyRequired' : 'passkeyNone')}</p>
${errorBlock(data, data.error)}
${passkey || `<p><a href="${escapeHtml(data.mountPath)}">${text(data, 'backToSettings')}</a></p>`}`);
  }
  return renderWithCodes({ ...data, methods: data.methods.filter((m) => !answeredByPasskey(m)) }, title, returnTo, passkey);
}

function renderWithCodes(data: ReverifyPageData, title: string, returnTo: string, passkey: string): string {
  const choices = data.methods.length > 1
    ? `<fieldset><legend>${text(data, 'verifyChooseMethod')}</legend>
${data.methods.map((m, i) => `<label class="choice" for="method-${i}"><input type="radio" id="method-${i}" name="method" value="${escapeHtml(m.id)}"${m.primary ? ' checked' : ''}> ${escapeHtml(methodName(data, m))}</label>`).join('\n')}
</fieldset>`
    : data.methods[0] ? `<input type="hidden" name="method" value="${escapeHtml(data.methods[0].id)}">` : '';
  const codeForm = data.methods.length === 0 ? '' : postForm(data, '/reverify', `${returnTo}${choices}
${codeField(data, { error: data.error, ...(data.codeDigits ? { digits: data.codeDigits } : {}) })}
<button type="submit">${text(data, 'reverifySubmit')}</button>`);
  // A user with only a passkey still has recovery codes.
  const recovery = data.methods.length === 0 && !passkey ? '' : `<details>
<summary>${text(data, 'useRecoveryCode')}</summary>
${postForm(data, '/reverify', `${returnTo}<label for="recovery-code">${text(data, 'recoveryCodeLabel')}</label>
<input class="recovery" id="recovery-code" name="recoveryCode" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required>
<button type="submit">${text(data, 'useRecoverySubmit')}</button>`)}
</details>`;
  const passwordForm = !data.allowPassword ? '' : postForm(data, '/reverify', `${returnTo}<label for="password">${text(data, 'passwordLabel')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${data.methods.length === 0 && !passkey ? ' autofocus' : ''}>
<button type="submit" class="secondary">${text(data, 'reverifyPasswordSubmit')}</button>`);
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
<p>${text(data, 'reverifyExplain')}</p>
${errorBlock(data, data.error)}
${passkey}
${codeForm}
${recovery}
${passwordForm}`);
}
