import { adminLayout, when } from './admin-html.js';
import { ADMIN_METHOD_NAMES } from './admin-settings-page.js';
import { escapeHtml, text } from './html.js';
import { fill, type TextKey } from './texts.js';
import type { AdminHistoryEntry, AdminHistoryPageData } from './types.js';
import type { OrganisationSettings } from '../organisations/settings.js';

type Setting = keyof OrganisationSettings;

const SETTING_NAMES: Record<Setting, TextKey> = {
  enforcement: 'adminEnforcementWho',
  graceDays: 'adminGraceLabel',
  allowedMethods: 'adminMethodsLegend',
  skipNetworks: 'adminNetworksLabel',
  trustedDeviceDays: 'adminDeviceDaysLabel',
};

/** One setting's value in words: "the groups Vets, Front desk", "Code by email, Passkey or security key". */
function shown(data: AdminHistoryPageData, setting: Setting, settings: OrganisationSettings): string {
  const t = data.texts;
  switch (setting) {
    case 'enforcement': {
      const e = settings.enforcement;
      return e === 'off' ? t.adminWhoOff : e === 'all' ? t.adminWhoAll : fill(t.adminWhoRoles, { roles: e.roles.join(', ') });
    }
    case 'allowedMethods':
      return settings.allowedMethods.map((m) => t[ADMIN_METHOD_NAMES[m]]).join(', ') || t.adminNone;
    case 'skipNetworks':
      return settings.skipNetworks.join(', ') || t.adminNone;
    default:
      return String(settings[setting]);
  }
}

function entry(data: AdminHistoryPageData, change: AdminHistoryEntry): string {
  const settings = Object.keys(SETTING_NAMES) as Setting[];
  const { before, after } = change;
  const changed = before === null ? settings : settings.filter((s) => shown(data, s, before) !== shown(data, s, after));
  const lines = changed.map((s) => `<li>${escapeHtml(before === null
    ? fill(data.texts.adminHistorySet, { setting: data.texts[SETTING_NAMES[s]], after: shown(data, s, after) })
    : fill(data.texts.adminHistoryChange, { setting: data.texts[SETTING_NAMES[s]], before: shown(data, s, before), after: shown(data, s, after) }))}</li>`);
  const heading = escapeHtml(data.texts[before === null ? 'adminHistoryFirst' : 'adminHistoryEntry']).replace('{date}', when(change.at)).replace('{by}', escapeHtml(change.byName ?? change.by));
  return `<li><p>${heading}</p>
${lines.length > 0 ? `<ul>${lines.join('')}</ul>` : `<p class="muted">${text(data, 'adminHistoryNoChange')}</p>`}</li>`;
}

/** Who changed what and when, newest first. */
export function renderAdminHistoryPage(data: AdminHistoryPageData): string {
  const title = fill(data.texts.adminHistoryTitle, { org: data.orgId });
  const list = data.entries.length === 0
    ? `<p>${text(data, 'adminHistoryNone')}</p>`
    : `<ul class="history">${data.entries.map((e) => entry(data, e)).join("\n")}</ul>`;
  return adminLayout(data, 'history', title, `<h1>${escapeHtml(title)}</h1>
${list}
${data.olderHref ? `<p><a href="${escapeHtml(data.olderHref)}">${text(data, 'adminHistoryOlder')}</a></p>` : ''}`);
}
