import { adminForm, adminLayout } from './admin-html.js';
import { escapeHtml, text } from './html.js';
import type { TextKey } from './texts.js';
import type { AdminAction, AdminConfirmPageData } from './types.js';

const QUESTION: Record<AdminAction, TextKey> = {
  reset: 'adminConfirmReset',
  unlock: 'adminConfirmUnlock',
  'revoke-sessions': 'adminConfirmRevokeSessions',
  'revoke-devices': 'adminConfirmRevokeDevices',
};

/** "Are you sure?": names the person and what will happen; only "Yes" does it. */
export function renderAdminConfirmPage(data: AdminConfirmPageData): string {
  const title = data.texts.adminConfirmTitle;
  const setup = data.action !== 'reset' ? '' : `<p>${text(data, data.requireSetup ? 'adminConfirmResetSetup' : 'adminConfirmResetNoSetup')}</p>`;
  const fields = [
    '<input type="hidden" name="confirmed" value="1">',
    data.action === 'reset' && data.requireSetup ? '<input type="hidden" name="requireSetup" value="1">' : '',
    data.orgId === undefined ? '' : `<input type="hidden" name="org" value="${escapeHtml(data.orgId)}">`,
  ].join('');
  return adminLayout(data, 'users', title, `<h1>${escapeHtml(title)}</h1>
<p id="question">${text(data, QUESTION[data.action], { name: data.label })}</p>
${setup}
${adminForm(data, `${data.adminPath}/users/${encodeURIComponent(data.userId)}/${data.action}`, `${fields}
<button type="submit" class="${data.action === 'reset' ? 'danger' : ''}" aria-describedby="question" autofocus>${text(data, 'adminConfirmYes')}</button>
<a class="button secondary" href="${escapeHtml(data.cancelHref)}">${text(data, 'adminCancel')}</a>`)}`);
}
