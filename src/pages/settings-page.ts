import { errorBlock, escapeHtml, layout, noticeBlock, postForm, text } from './html.js';
import { day, deviceList } from './device-list.js';
import { methodChoiceForms } from './method-choice-forms.js';
import { methodName } from './method-name.js';
import { fill } from './texts.js';
import type { MethodView, SettingsPageData } from './types.js';

function methodRow(data: SettingsPageData, method: MethodView): string {
  const name = methodName(data, method);
  const primary = method.primary
    ? ` ${text(data, 'primaryMarker')}`
    : postForm(data, `/methods/${method.id}/primary`, `<button type="submit" class="secondary" aria-label="${text(data, 'makePrimaryLabel', { label: name })}">${text(data, 'makePrimary')}</button>`);
  // Any method can be given a name of the user's own ("Work phone"), kept closed until asked for.
  // Its accessible name starts with what it shows ("Rename"), as WCAG 2.5.3 asks.
  const rename = `<details class="rename"><summary aria-label="${text(data, 'renameMethod')} ${escapeHtml(name)}">${text(data, 'renameMethod')}</summary>
${postForm(data, `/methods/${method.id}/rename`, `<label for="rename-${escapeHtml(method.id)}">${text(data, 'renameMethodLabel', { label: name })}</label>
<input class="inline-name" id="rename-${escapeHtml(method.id)}" name="name" type="text" maxlength="64" required autocomplete="off" value="${escapeHtml(name)}">
<button type="submit" class="secondary">${text(data, 'renameMethodSave')}</button>`)}
</details>`;
  // A named method still says what it is; a passkey, whether losing this phone or key loses it.
  const typeWords = method.name === undefined ? '' : ` <span class="muted">${escapeHtml(methodName(data, { ...method, name: undefined }))}</span>`;
  const kind = method.synced === undefined ? '' : ` <span class="muted">${text(data, method.synced ? 'passkeySynced' : 'passkeyThisDeviceOnly')}</span>`;
  const used = method.lastUsedAt === undefined ? text(data, 'methodNotUsedYet') : escapeHtml(data.texts.methodLastUsed).replace('{date}', day(method.lastUsedAt));
  return `<li><strong>${escapeHtml(name)}</strong>${typeWords}${kind}${primary}
<span class="muted method-used">${used}</span>
${rename}
${postForm(data, `/methods/${method.id}/delete`, `<button type="submit" class="danger" aria-label="${text(data, 'removeMethodLabel', { label: name })}">${text(data, 'removeMethod')}</button>`)}</li>`;
}

function recoverySection(data: SettingsPageData): string {
  if (!data.enabled || data.methods.length === 0) return '';
  const left = data.recoveryCodesLeft ?? 0;
  const count = left === 1 ? data.texts.recoveryLeftOne : fill(data.texts.recoveryLeftMany, { count: left });
  return `<h2>${text(data, 'recoveryHeading')}</h2>
<p>${escapeHtml(count)}${left <= 3 ? ` <strong>${text(data, 'recoveryLow')}</strong>` : ''}</p>
${data.recoveryCodesLastUsedAt === undefined ? '' : `<p class="muted">${escapeHtml(data.texts.recoveryLastUsed).replace('{date}', day(data.recoveryCodesLastUsedAt))}</p>`}
${postForm(data, '/recovery-codes', `<button type="submit" class="secondary" aria-describedby="regenerate-hint">${text(data, 'recoveryRegenerate')}</button>
<span class="hint" id="regenerate-hint">${text(data, 'recoveryRegenerateHint')}</span>`)}`;
}

/** Everything about the user's 2FA on one page: methods, recovery codes, devices, on/off. */
export function renderSettingsPage(data: SettingsPageData): string {
  const title = data.texts.settingsTitle;
  const methods = data.methods.length === 0
    ? `<p>${text(data, 'settingsNoMethod')}</p>`
    : `<ul class="list" id="methods">${data.methods.map((m) => methodRow(data, m)).join('\n')}</ul>`;
  const adding = methodChoiceForms({ ...data, canAdd: data.canAdd ?? ['totp'], error: undefined });
  // With no method there is nothing to turn on: adding one (above) turns 2FA on.
  const toggle = data.enabled && data.required
    ? `<p class="muted">${text(data, 'requiredByPolicy')}</p>`
    : !data.enabled && data.methods.length === 0 ? ''
    : postForm(data, data.enabled ? '/disable' : '/enable', `<button type="submit" class="${data.enabled ? 'danger' : ''}">${text(data, data.enabled ? 'turnOff' : 'turnOn')}</button>`);
  return layout(data, title, `<h1>${escapeHtml(title)}</h1>
${noticeBlock(data.message)}
${errorBlock(data, data.error)}
<p><strong>${text(data, data.enabled ? 'settingsOn' : 'settingsOff')}</strong></p>
<h2>${text(data, 'settingsMethods')}</h2>
${methods}
${adding ? `<h2>${text(data, 'addMethod')}</h2>\n${adding}` : ''}
${recoverySection(data)}
${data.devices ? `<h2>${text(data, 'devicesHeading')}</h2>\n${deviceList(data, data.devices)}` : ''}
<h2 id="sessions">${text(data, 'sessionsHeading')}</h2>
${postForm(data, '/sessions/revoke-others', `<p class="hint" id="sign-out-others-hint">${text(data, 'signOutOthersHint')}</p>
<button type="submit" class="secondary" aria-describedby="sign-out-others-hint">${text(data, 'signOutOthers')}</button>`)}
${toggle}`);
}
