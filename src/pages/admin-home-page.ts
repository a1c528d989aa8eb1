import { adminLayout, orgPath, usersPath } from './admin-html.js';
import { escapeHtml, text } from './html.js';
import type { AdminHomePageData } from './types.js';

/** The organisations this person administers, each with its settings, history and people. */
export function renderAdminHomePage(data: AdminHomePageData): string {
  const title = data.texts.adminHomeTitle;
  const body = data.organisations === 'all'
    ? `<p>${text(data, 'adminHomeAll')}</p>
<form method="get" action="${escapeHtml(`${data.adminPath}/users`)}">
<label for="org">${text(data, 'adminOrgIdLabel')}</label>
<input id="org" name="org" type="text" required maxlength="200" autocomplete="off">
<button type="submit">${text(data, 'adminOrgOpen')}</button>
</form>`
    : data.organisations.map((org) => `<h2>${text(data, 'adminOrgHeading', { org })}</h2>
<ul>
<li><a href="${escapeHtml(orgPath(data, org, 'settings'))}">${text(data, 'adminNavSettings')}</a></li>
<li><a href="${escapeHtml(orgPath(data, org, 'history'))}">${text(data, 'adminNavHistory')}</a></li>
<li><a href="${escapeHtml(usersPath(data, org))}">${text(data, 'adminNavUsers')}</a></li>
</ul>`).join('\n');
  return adminLayout(data, 'home', title, `<h1>${escapeHtml(title)}</h1>
<p>${text(data, 'adminHomeIntro')}</p>
${body}`);
}
