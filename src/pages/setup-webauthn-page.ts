import { errorBlock, escapeHtml, layout, text } from './html.js';
import { passkeyBlock } from './passkey-block.js';
import type { SetupWebAuthnPageData } from './types.js';

/** Adding a passkey: a name (and the password, where the app checks it), then the browser's own prompt. */
export function renderSetupWebAuthnPage(data: SetupWebAuthnPageData): string {
  const title = data.texts.setupWebAuthnTitle;
  const fields = `<label for="passkey-name">${text(data, 'passkeyNameLabel')}</label>
<span class="hint" id="passkey-name-hint">${text(data, 'passkeyNameHint')}</span>
<input id="passkey-name" name="name" type="text" maxlength="64" autocomplete="off" value="${escapeHtml(data.defaultName ?? '')}" aria-describedby="passkey-name-hint">
${data.needsPassword ? `<label for="password">${text(data, 'passwordLabel')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>` : ''}`;
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
<p>${text(data, 'setupWebAuthnExplain')}</p>
${errorBlock(data, data.error)}
${passkeyBlock(data, {
    mode: 'create',
    action: `/methods/${data.methodId}/confirm`,
    optionsPath: `/methods/${data.methodId}/options`,
    buttonText: data.texts.setupWebAuthnSubmit,
    fields,
  })}
<p><a href="${escapeHtml(data.mountPath)}">${text(data, 'cancel')}</a></p>`);
}
