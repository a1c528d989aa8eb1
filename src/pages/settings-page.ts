import { errorBlock, escapeHtml, layout } from './html.js';
import type { SettingsPageData } from './types.js';

function addForms(base: string, data: SettingsPageData): string {
  const can = data.canAdd ?? ['totp'];
  const forms: string[] = [];
  if (can.includes('totp')) forms.push(`<form method="post" action="${base}/methods"><input type="hidden" name="type" value="totp"><button type="submit">Add an authenticator app</button></form>`);
  if (can.includes('email')) forms.push(`<form method="post" action="${base}/methods"><input type="hidden" name="type" value="email">
<label for="address">Email address</label><input id="address" name="address" type="email" autocomplete="email" value="${escapeHtml(data.email ?? '')}" required>
<button type="submit">Add email codes</button></form>`);
  if (can.includes('sms')) forms.push(`<form method="post" action="${base}/methods"><input type="hidden" name="type" value="sms">
<label for="phone">Mobile phone number</label><input id="phone" name="phone" type="tel" autocomplete="tel" value="${escapeHtml(data.phone ?? '')}" placeholder="+44 7911 123456" required>
<button type="submit">Add text-message codes</button></form>`);
  return forms.join('\n');
}

export function renderSettingsPage(data: SettingsPageData): string {
  const base = escapeHtml(data.mountPath);
  const methods = data.methods.length === 0
    ? '<p>No verification method yet.</p>'
    : `<ul>${data.methods.map((m) => `<li>${escapeHtml(m.label)}${m.primary ? ' (primary)' : ''}
<form method="post" action="${base}/methods/${escapeHtml(m.id)}/delete"><button type="submit">Remove</button></form></li>`).join('')}</ul>`;
  return layout('Two-step verification', `<h1>Two-step verification</h1>
${data.message ? `<p role="status">${escapeHtml(data.message)}</p>` : ''}
${errorBlock(data.error)}
<p>Two-step verification is <strong>${data.enabled ? 'on' : 'off'}</strong>.</p>
<h2>Verification methods</h2>
${methods}
${addForms(base, data)}
${data.enabled ? `<h2>Recovery codes</h2>
<form method="post" action="${base}/recovery-codes"><button type="submit">Make new recovery codes</button></form>` : ''}
<form method="post" action="${base}/${data.enabled ? 'disable' : 'enable'}"><button type="submit">${data.enabled ? 'Turn off' : 'Turn on'} two-step verification</button></form>`);
}
