import { errorBlock, escapeHtml, layout } from './html.js';
import type { SetupContactPageData } from './types.js';

export function renderSetupContactPage(data: SetupContactPageData): string {
  const base = escapeHtml(data.mountPath);
  const id = escapeHtml(data.methodId);
  const what = data.type === 'sms' ? 'phone number' : 'email address';
  return layout(`Confirm your ${what}`, `<h1>Confirm your ${what}</h1>
<p role="status">${escapeHtml(data.notice ?? `We sent a 6-digit code to ${data.label}.`)} Enter it below; it is valid for 10 minutes.</p>
${errorBlock(data.error)}
<form method="post" action="${base}/methods/${id}/confirm">
<label for="code">Verification code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<button type="submit">Verify code</button>
</form>
<form method="post" action="${base}/methods/${id}/send"><button type="submit">Send a new code</button></form>
<p><a href="${base}">Cancel</a></p>`);
}
