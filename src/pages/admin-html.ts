/** What every admin page shares: its navigation, its forms (posting to the admin router) and its dates. */
import { csrfField, escapeHtml, layout, text } from './html.js';
import type { AdminPageBase } from './types.js';

export type AdminSection = 'home' | 'settings' | 'history' | 'users';

/** An instant as people read it, marked up for machines: "2026-11-23 12:00 UTC". */
export function when(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}

export function orgPath(page: AdminPageBase, orgId: string, rest: string): string {
  return `${page.adminPath}/organisations/${encodeURIComponent(orgId)}/${rest}`;
}

export function usersPath(page: AdminPageBase, orgId: string | undefined): string {
  return `${page.adminPath}/users${orgId === undefined ? '' : `?org=${encodeURIComponent(orgId)}`}`;
}

function nav(page: AdminPageBase, current: AdminSection): string {
  const link = (href: string, label: string, section: AdminSection) =>
    `<li><a href="${escapeHtml(href)}"${section === current ? ' aria-current="page"' : ''}>${label}</a></li>`;
  const org = page.orgId;
  const items = [link(`${page.adminPath}/`, text(page, 'adminAllOrganisations'), 'home')];
  if (org !== undefined) {
    items.push(
      link(orgPath(page, org, 'settings'), text(page, 'adminNavSettings'), 'settings'),
      link(orgPath(page, org, 'history'), text(page, 'adminNavHistory'), 'history'),
      link(usersPath(page, org), text(page, 'adminNavUsers'), 'users'),
    );
  }
  return `<nav class="admin-nav" aria-label="${text(page, 'adminNavLabel')}"><ul>${items.join('')}</ul></nav>`;
}

/** The page frame with the admin navigation above the heading. */
export function adminLayout(page: AdminPageBase, current: AdminSection, title: string, body: string): string {
  return layout(page, title, `${nav(page, current)}
${body}`);
}

/** A POST form to the admin router, with its CSRF fields. */
export function adminForm(page: AdminPageBase, action: string, inner: string, attributes = ''): string {
  return `<form method="post" action="${escapeHtml(action)}"${attributes}>
${csrfField(page)}${inner}
</form>`;
}
