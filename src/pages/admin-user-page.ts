import { adminForm, adminLayout, when } from './admin-html.js';
import { escapeHtml, noticeBlock, text } from './html.js';
import { methodName } from './method-name.js';
import { fill, type TextKey } from './texts.js';
import type { AdminAction, AdminUserPageData } from './types.js';

const DONE: Record<AdminAction, TextKey> = {
  reset: 'adminDoneReset',
  unlock: 'adminDoneUnlock',
  'revoke-sessions': 'adminDoneRevokeSessions',
  'revoke-devices': 'adminDoneRevokeDevices',
};

function actionPath(data: AdminUserPageData, action: AdminAction): string {
  return `${data.adminPath}/users/${encodeURIComponent(data.user.id)}/${action}`;
}

/** One action: what it does in plain words, and its button (which asks once more before doing it). */
function action(data: AdminUserPageData, name: AdminAction, heading: TextKey, hint: TextKey, button: TextKey, extra = ''): string {
  const hintId = `${name}-hint`;
  const org = data.orgId === undefined ? '' : `<input type="hidden" name="org" value="${escapeHtml(data.orgId)}">`;
  return `<section aria-labelledby="${name}-heading">
<h3 id="${name}-heading">${text(data, heading)}</h3>
${adminForm(data, actionPath(data, name), `${org}<p class="hint" id="${hintId}">${text(data, hint)}</p>
${extra}<button type="submit" class="${name === 'reset' ? 'danger' : 'secondary'}" aria-describedby="${hintId}">${text(data, button)}</button>`)}
</section>`;
}

/** A person's two-step verification at a glance, and what an administrator can do for them. */
export function renderAdminUserPage(data: AdminUserPageData): string {
  const { user } = data;
  const title = fill(data.texts.adminUserTitle, { name: user.label });
  const methods = user.methods.length === 0
    ? `<p>${text(data, 'adminUserNoMethods')}</p>`
    : `<ul>${user.methods.map((m) => `<li>${escapeHtml(methodName(data, m))}</li>`).join('')}</ul>`;
  const facts = [
    `<p><strong>${text(data, user.enabled ? 'adminUserOn' : 'adminUserOff')}</strong>${user.setupRequired ? ` ${text(data, 'adminUserSetupRequired')}` : ''}</p>`,
    `<h2>${text(data, 'adminUserMethods')}</h2>`,
    methods,
    `<p>${text(data, 'adminUserRecoveryLeft', { count: user.recoveryCodesLeft })}</p>`,
    `<p>${escapeHtml(data.texts.adminUserLastVerified).replace('{date}', user.lastVerifiedAt === null ? text(data, 'adminNever') : when(user.lastVerifiedAt))}</p>`,
    `<p>${user.lockedUntil === null ? text(data, 'adminUserNotLocked') : escapeHtml(data.texts.adminUserLocked).replace('{time}', when(user.lockedUntil))}</p>`,
    `<p>${text(data, 'adminUserDevices', { count: user.devices })}</p>`,
  ];
  const requireSetup = `<label class="choice" for="requireSetup"><input type="checkbox" id="requireSetup" name="requireSetup" value="1" checked> ${text(data, 'adminResetRequireSetup')}</label>
`;
  return adminLayout(data, 'users', title, `<p><a href="${escapeHtml(data.backHref)}">${text(data, 'adminBackToList')}</a></p>
<h1>${escapeHtml(title)}</h1>
${data.done ? noticeBlock(data.texts[DONE[data.done]]) : ''}
${facts.join('\n')}
<h2>${text(data, 'adminActionsHeading')}</h2>
${action(data, 'reset', 'adminResetHeading', 'adminResetHint', 'adminResetButton', requireSetup)}
${action(data, 'unlock', 'adminUnlockHeading', 'adminUnlockHint', 'adminUnlockButton')}
${action(data, 'revoke-sessions', 'adminRevokeSessionsHeading', 'adminRevokeSessionsHint', 'adminRevokeSessionsButton')}
${action(data, 'revoke-devices', 'adminRevokeDevicesHeading', 'adminRevokeDevicesHint', 'adminRevokeDevicesButton')}`);
}
