import { errorBlock, escapeHtml, layout } from './html.js';
import type { VerifyPageData } from './types.js';

export function renderVerifyPage(data: VerifyPageData): string {
  if (data.lockedUntil) {
    const until = new Date(data.lockedUntil).toUTCString();
    return layout('Account locked', `<h1>Too many failed attempts</h1>
<p role="alert">For your security, verification is locked until <time datetime="${new Date(data.lockedUntil).toISOString()}">${escapeHtml(until)}</time>. Try again after that, or ask an administrator to unlock your account.</p>`);
  }
  const choices = data.methods.length > 1
    ? `<label for="method">Verification method</label>
<select id="method" name="method">${data.methods.map((m) => `<option value="${escapeHtml(m.id)}"${m.id === data.selectedMethodId || (!data.selectedMethodId && m.primary) ? ' selected' : ''}>${escapeHtml(m.label)}</option>`).join('')}</select>`
    : data.methods[0] ? `<input type="hidden" name="method" value="${escapeHtml(data.methods[0].id)}">` : '';
  return layout('Verify it is you', `<h1>Verify it's you</h1>
<p>Enter the 6-digit code from your authenticator app.</p>
${errorBlock(data.error)}
<form method="post" action="${escapeHtml(data.mountPath)}/verify">
${choices}
<label for="code">Verification code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<button type="submit">Verify code</button>
</form>
<details>
<summary>Use a recovery code</summary>
<form method="post" action="${escapeHtml(data.mountPath)}/verify">
<label for="recovery-code">Recovery code</label>
<input id="recovery-code" name="recoveryCode" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required>
<button type="submit">Use recovery code</button>
</form>
</details>`);
}
