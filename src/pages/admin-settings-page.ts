import { adminForm, adminLayout, orgPath, when } from './admin-html.js';
import { describedBy, errorBlock, escapeHtml, noticeBlock, text } from './html.js';
import { fill, type TextKey } from './texts.js';
import type { AdminFieldError, AdminSettingsPageData } from './types.js';
import type { MethodType } from '../enrolments/records.js';

/** Each method type's checkbox label. */
export const ADMIN_METHOD_NAMES: { readonly [Type in MethodType]: TextKey } = {
  totp: 'adminMethodTotp',
  email: 'adminMethodEmail',
  sms: 'adminMethodSms',
  webauthn: 'adminMethodWebAuthn',
};

/** Where each form field's error is shown and the summary links to. */
const FIELD_TARGETS: Record<string, string> = {
  enforcement: 'enforcement-off',
  roles: 'roles',
  graceDays: 'graceDays',
  allowedMethods: 'method-0',
  skipNetworks: 'skipNetworks',
  trustedDeviceDays: 'trustedDeviceDays',
};

function errorsFor(data: AdminSettingsPageData, field: string): AdminFieldError[] {
  return data.errors.filter((e) => e.field === field);
}

/** The message beside a field, with the id its input points at. */
function fieldError(data: AdminSettingsPageData, field: string): string {
  const errors = errorsFor(data, field);
  if (errors.length === 0) return '';
  return `<p class="field-error" id="${field}-error">${errors.map((e) => `<span class="visually-hidden">${text(data, 'errorPrefix')} </span>${escapeHtml(e.message)}`).join('<br>')}</p>`;
}

function summary(data: AdminSettingsPageData): string {
  if (data.errors.length === 0) return '';
  const items = data.errors.map((e) => {
    const target = FIELD_TARGETS[e.field];
    return `<li>${target ? `<a href="#${target}">${escapeHtml(e.message)}</a>` : escapeHtml(e.message)}</li>`;
  });
  // Focused on load (autofocus on a tabindex=-1 region), so a screen reader reads it first.
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary" autofocus>
<h2 id="error-summary-title">${text(data, 'adminErrorSummary')}</h2>
<ul>${items.join('')}</ul>
</div>`;
}

function textField(data: AdminSettingsPageData, field: 'graceDays' | 'trustedDeviceDays', label: TextKey, hint: TextKey): string {
  const invalid = errorsFor(data, field).length > 0;
  return `<label for="${field}">${text(data, label)}</label>
<span class="hint" id="${field}-hint">${text(data, hint)}</span>
${fieldError(data, field)}<input class="days" id="${field}" name="${field}" type="text" inputmode="numeric" maxlength="6" value="${escapeHtml(data.values[field])}" aria-describedby="${field}-hint${invalid ? ` ${field}-error` : ''}"${invalid ? ' aria-invalid="true"' : ''}>`;
}

/** An organisation's settings as a form: who must verify, grace days, methods, office networks, remembered-browser days. */
export function renderAdminSettingsPage(data: AdminSettingsPageData): string {
  const title = fill(data.texts.adminSettingsTitle, { org: data.orgId });
  const v = data.values;
  const radio = (value: AdminSettingsPageData['values']['enforcement'], label: TextKey) =>
    `<label class="choice" for="enforcement-${value}"><input type="radio" id="enforcement-${value}" name="enforcement" value="${value}"${v.enforcement === value ? ' checked' : ''}> ${text(data, label)}</label>`;
  const rolesInvalid = errorsFor(data, 'roles').length > 0;
  const methodsInvalid = errorsFor(data, 'allowedMethods').length > 0;
  const networksInvalid = errorsFor(data, 'skipNetworks').length > 0;
  const methods = data.methodTypes.map((type, i) => `<label class="choice" for="method-${i}"><input type="checkbox" id="method-${i}" name="allowedMethods" value="${escapeHtml(type)}"${v.allowedMethods.includes(type) ? ' checked' : ''}> ${text(data, ADMIN_METHOD_NAMES[type])}</label>`);
  const lastChange = data.updatedAt === null
    ? `<p class="muted">${text(data, 'adminSettingsNever')}</p>`
    : `<p class="muted">${escapeHtml(data.texts.adminSettingsLastChange).replace('{date}', when(data.updatedAt)).replace('{by}', escapeHtml(data.updatedBy ?? ''))}</p>`;
  const form = adminForm(data, orgPath(data, data.orgId, 'settings'), `<input type="hidden" name="expectedVersion" value="${data.version}">
<fieldset${describedBy([errorsFor(data, 'enforcement').length > 0 && 'enforcement-error'], false)}>
<legend>${text(data, 'adminEnforcementLegend')}</legend>
${fieldError(data, 'enforcement')}${radio('off', 'adminEnforcementOff')}
${radio('all', 'adminEnforcementAll')}
${radio('roles', 'adminEnforcementRoles')}
<label for="roles">${text(data, 'adminRolesLabel')}</label>
<span class="hint" id="roles-hint">${text(data, 'adminRolesHint')}</span>
${fieldError(data, 'roles')}<textarea id="roles" name="roles" rows="3"${describedBy(['roles-hint', rolesInvalid && 'roles-error'], rolesInvalid)}>${escapeHtml(v.roles)}</textarea>
</fieldset>
${textField(data, 'graceDays', 'adminGraceLabel', 'adminGraceHint')}
<fieldset aria-describedby="methods-hint${methodsInvalid ? ' allowedMethods-error' : ''}">
<legend>${text(data, 'adminMethodsLegend')}</legend>
<span class="hint" id="methods-hint">${text(data, 'adminMethodsHint')}</span>
${fieldError(data, 'allowedMethods')}${methods.join('\n')}
</fieldset>
<label for="skipNetworks">${text(data, 'adminNetworksLabel')}</label>
<span class="hint" id="skipNetworks-hint">${text(data, 'adminNetworksHint')}</span>
${fieldError(data, 'skipNetworks')}<textarea id="skipNetworks" name="skipNetworks" rows="4" spellcheck="false" autocapitalize="off"${describedBy(['skipNetworks-hint', networksInvalid && 'skipNetworks-error'], networksInvalid)}>${escapeHtml(v.skipNetworks)}</textarea>
${textField(data, 'trustedDeviceDays', 'adminDeviceDaysLabel', 'adminDeviceDaysHint')}
<div><button type="submit">${text(data, 'adminSave')}</button></div>`);
  return adminLayout(data, 'settings', title, `<h1>${escapeHtml(title)}</h1>
${summary(data)}
${data.saved ? noticeBlock(data.texts.adminSettingsSaved) : ''}
${data.draftKept ? noticeBlock(data.texts.adminDraftKept) : ''}
${errorBlock(data, data.error)}
<p>${text(data, 'adminSettingsIntro')}</p>
${lastChange}
${form}`);
}
