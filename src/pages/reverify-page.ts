import { errorBlock, escapeHtml, layout } from './html.js';
import type { ReverifyPageData } from './types.js';

export function renderReverifyPage(data: ReverifyPageData): string {
  const action = `${escapeHtml(data.mountPath)}/reverify`;
  const returnTo = data.returnTo ? `<input type="hidden" name="returnTo" value="${escapeHtml(data.returnTo)}">` : '';
  const choices = data.methods.length > 1
    ? `<label for="method">Verification method</label>
<select id="method" name="method">${data.methods.map((m) => `<option value="${escapeHtml(m.id)}"${m.primary ? ' selected' : ''}>${escapeHtml(m.label)}</option>`).join('')}</select>`
    : data.methods[0] ? `<input type="hidden" name="method" value="${escapeHtml(data.methods[0].id)}">` : '';
  const codeForm = data.methods.length === 0 ? '' : `<form method="post" action="${action}">
${returnTo}${choices}
<label for="code">Verification code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<button type="submit">Confirm</button>
</form>
<details>
<summary>Use a recovery code</summary>
<form method="post" action="${action}">
${returnTo}<label for="recovery-code">Recovery code</label>
<input id="recovery-code" name="recoveryCode" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required>
<button type="submit">Use recovery code</button>
</form>
</details>`;
  const passwordForm = !data.allowPassword ? '' : `<form method="post" action="${action}">
${returnTo}<label for="password">Current password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Confirm with password</button>
</form>`;
  return layout('Confirm it is you', `<h1>Confirm it's you</h1>
<p>This change needs a fresh check. It lasts a few minutes.</p>
${errorBlock(data.error)}
${codeForm}
${passwordForm}`);
}
