import { codeField, errorBlock, escapeHtml, layout, postForm, text } from './html.js';
import type { SetupTotpPageData } from './types.js';

/** The key wraps only between its groups of four, never inside one, at any width. */
function keyGroups(setupKey: string): string {
  return setupKey.split(/\s+/).filter(Boolean).map((group) => `<span class="group">${escapeHtml(group)}</span>`).join(' ');
}

/**
 * The ways into the app: a link that opens it (the same `otpauth://` URI the QR code holds)
 * and the QR code. The link comes first in the page, and so on a phone, where the app is on
 * the same screen and a QR code cannot be scanned; from 601 px the stylesheet shows the QR
 * code first. Only the order on the screen changes: the link is the one focusable part.
 */
function waysIn(data: SetupTotpPageData): string {
  return `<div class="totp-ways">
<p class="open-app"><a class="button" href="${escapeHtml(data.otpauthUrl)}" aria-describedby="open-app-hint">${text(data, 'openInAuthenticatorApp')}</a>
<span class="hint" id="open-app-hint">${text(data, 'openInAuthenticatorAppHint')}</span></p>
<div class="qr" role="img" aria-label="${text(data, 'setupTotpQrLabel')}">${data.qrSvg}</div>
</div>`;
}

/** The way into the app (link, QR code), the setup key in readable groups with a copy button, then the code (and password). */
export function renderSetupTotpPage(data: SetupTotpPageData): string {
  const title = data.texts.setupTotpTitle;
  const password = data.needsPassword
    ? `<label for="password">${text(data, 'passwordLabel')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>`
    : '';
  const compactKey = data.setupKey.replace(/\s+/g, '');
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
<ol>
<li>${text(data, 'setupTotpStep1')}</li>
<li>${text(data, 'setupTotpStep2')}</li>
<li>${text(data, 'setupTotpStep3', { digits: data.digits ?? 6 })}</li>
</ol>
${waysIn(data)}
<p><span id="setup-key-label">${text(data, 'setupKeyLabel')}:</span>
<code class="key" id="setup-key" aria-labelledby="setup-key-label" data-copy-text="${escapeHtml(compactKey)}">${keyGroups(data.setupKey)}</code></p>
<button type="button" class="secondary" data-copy="setup-key" aria-controls="copy-status" data-copied="${text(data, 'copied')}" data-copy-failed="${text(data, 'copyFailed')}" hidden>${text(data, 'copySetupKey')}</button>
<span id="copy-status" role="status"></span>
${errorBlock(data, data.error)}
${postForm(data, `/methods/${data.methodId}/confirm`, `${password}
${codeField(data, { label: 'setupTotpCodeLabel', error: data.error, autofocus: false, digits: [data.digits ?? 6] })}
<button type="submit">${text(data, 'setupTotpSubmit')}</button>`)}
<p><a href="${escapeHtml(data.mountPath)}">${text(data, 'cancel')}</a></p>`);
}
