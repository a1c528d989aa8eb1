import { errorBlock, escapeHtml, layout } from './html.js';
import type { MethodView, VerifyPageData } from './types.js';

function sendForms(base: string, methods: MethodView[]): string {
  const contact = methods.filter((m) => m.type !== 'totp');
  if (contact.length === 0) return '';
  return `<h2>Get a code by email or text message</h2>
${contact.map((m) => `<form method="post" action="${base}/send"><input type="hidden" name="method" value="${escapeHtml(m.id)}"><button type="submit">Send a new code to ${escapeHtml(m.label)}</button></form>`).join('\n')}`;
}

export function renderVerifyPage(data: VerifyPageData): string {
  if (data.lockedUntil) {
    const until = new Date(data.lockedUntil).toUTCString();
    return layout('Account locked', `<h1>Too many failed attempts</h1>
<p role="alert">For your security, verification is locked until <time datetime="${new Date(data.lockedUntil).toISOString()}">${escapeHtml(until)}</time>. Try again after that, or ask an administrator to unlock your account.</p>`);
  }
  const base = escapeHtml(data.mountPath);
  const choices = data.methods.length > 1
    ? `<label for="method">Verification method</label>
<select id="method" name="method">${data.methods.map((m) => `<option value="${escapeHtml(m.id)}"${m.id === data.selectedMethodId || (!data.selectedMethodId && m.primary) ? ' selected' : ''}>${escapeHtml(m.label)}</option>`).join('')}</select>`
    : data.methods[0] ? `<input type="hidden" name="method" value="${escapeHtml(data.methods[0].id)}">` : '';
  const onlyApp = data.methods.every((m) => m.type === 'totp');
  return layout('Verify it is you', `<h1>Verify it's you</h1>
<p>${onlyApp ? 'Enter the 6-digit code from your authenticator app.' : 'Enter the 6-digit code from your authenticator app, or the one we sent you.'}</p>
${data.notice ? `<p role="status">${escapeHtml(data.notice)} It is valid for 10 minutes.</p>` : ''}
${errorBlock(data.error)}
<form method="post" action="${base}/verify">
${choices}
<label for="code">Verification code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
${data.rememberDays ? `<label><input type="checkbox" name="remember" value="1"> Remember this device for ${data.rememberDays} days</label>` : ''}
<button type="submit">Verify code</button>
</form>
<details>
<summary>Use a recovery code</summary>
<form method="post" action="${escapeHtml(data.mountPath)}/verify">
<label for="recovery-code">Recovery code</label>
<input id="recovery-code" name="recoveryCode" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required>
<button type="submit">Use recovery code</button>
</form>
</details>
${sendForms(base, data.methods)}`);
}
