import { adminLayout, when } from './admin-html.js';
import { escapeHtml, text } from './html.js';
import { methodName } from './method-name.js';
import { fill } from './texts.js';
import type { AdminUserRow, AdminUsersPageData } from './types.js';

function row(data: AdminUsersPageData, user: AdminUserRow): string {
  const methods = user.methods.length === 0 ? text(data, 'adminNone') : user.methods.map((m) => escapeHtml(methodName(data, m))).join('<br>');
  const locked = user.lockedUntil === null ? text(data, 'adminNotLocked') : escapeHtml(data.texts.adminLockedUntil).replace('{time}', when(user.lockedUntil));
  return `<tr>
<th scope="row"><a href="${escapeHtml(user.href)}">${escapeHtml(user.label)}</a></th>
<td>${text(data, user.enabled ? 'adminStatusOn' : 'adminStatusOff')}</td>
<td>${methods}</td>
<td>${user.lastVerifiedAt === null ? text(data, 'adminNever') : when(user.lastVerifiedAt)}</td>
<td>${locked}</td>
</tr>`;
}

/** An organisation's people: a search by name, one page of them with their 2FA at a glance, and the next page. */
export function renderAdminUsersPage(data: AdminUsersPageData): string {
  const title = data.orgId === undefined ? data.texts.adminUsersTitle : fill(data.texts.adminUsersTitleOrg, { org: data.orgId });
  const search = `<form method="get" action="${escapeHtml(`${data.adminPath}/users`)}" role="search">
${data.orgId === undefined ? '' : `<input type="hidden" name="org" value="${escapeHtml(data.orgId)}">`}
<label for="q">${text(data, 'adminSearchLabel')}</label>
<input id="q" name="q" type="search" maxlength="100" value="${escapeHtml(data.query)}" autocomplete="off">
<button type="submit" class="secondary">${text(data, 'adminSearchButton')}</button>
</form>`;
  const table = data.users.length === 0
    ? `<p role="status">${text(data, 'adminUsersNone')}</p>`
    : `<div class="table-wrap" role="region" tabindex="0" aria-label="${text(data, 'adminUsersCaption')}"><table>
<caption class="visually-hidden">${text(data, 'adminUsersCaption')}</caption>
<thead><tr><th scope="col">${text(data, 'adminColName')}</th><th scope="col">${text(data, 'adminColStatus')}</th><th scope="col">${text(data, 'adminColMethods')}</th><th scope="col">${text(data, 'adminColLastVerified')}</th><th scope="col">${text(data, 'adminColLocked')}</th></tr></thead>
<tbody>
${data.users.map((u) => row(data, u)).join('\n')}
</tbody>
</table></div>`;
  const paging = [
    data.firstHref ? `<a href="${escapeHtml(data.firstHref)}">${text(data, 'adminFirstPage')}</a>` : '',
    data.nextHref ? `<a href="${escapeHtml(data.nextHref)}" rel="next">${text(data, 'adminNextPage')}</a>` : '',
  ].filter(Boolean);
  return adminLayout(data, 'users', title, `<h1>${escapeHtml(title)}</h1>
${search}
${table}
${paging.length > 0 ? `<nav class="paging" aria-label="${text(data, 'adminPagingLabel')}">${paging.join(' ')}</nav>` : ''}`);
}
