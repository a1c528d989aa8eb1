import { errorBlock, escapeHtml, layout } from './html.js';
import type { SetupTotpPageData } from './types.js';

export function renderSetupTotpPage(data: SetupTotpPageData): string {
  const password = data.needsPassword
    ? `<label for="password">Current password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>`
    : '';
  return layout('Set up your authenticator app', `<h1>Set up your authenticator app</h1>
<ol>
<li>Open your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…) and add an account.</li>
<li>Scan this QR code, or enter the setup key.</li>
<li>Enter the 6-digit code the app shows.</li>
</ol>
<div class="qr">${data.qrSvg}</div>
<p>Setup key: <span class="key" id="setup-key">${escapeHtml(data.setupKey)}</span></p>
${errorBlock(data.error)}
<form method="post" action="${escapeHtml(data.mountPath)}/methods/${escapeHtml(data.methodId)}/confirm">
${password}
<label for="code">Code from the app</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">Turn on</button>
</form>`);
}
