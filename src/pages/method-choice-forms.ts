import { describedBy, escapeHtml, postForm, text } from './html.js';
import type { MethodView, PageBase } from './types.js';

export interface MethodChoicesData extends PageBase {
  canAdd: MethodView['type'][];
  email?: string;
  phone?: string;
  error?: string;
}

/** Each method type's form for adding it; the order is the one the page lists them in. */
const CHOICE_FORMS: { readonly [Type in MethodView['type']]: (data: MethodChoicesData, invalid: boolean) => string } = {
  totp: (data) => postForm(data, '/methods', `<input type="hidden" name="type" value="totp">
<button type="submit" aria-describedby="totp-hint">${text(data, 'setupTotpChoice')}</button>
<span class="hint" id="totp-hint">${text(data, 'setupTotpChoiceHint')}</span>`),
  webauthn: (data) => postForm(data, '/methods', `<input type="hidden" name="type" value="webauthn">
<button type="submit" aria-describedby="webauthn-hint">${text(data, 'setupWebAuthnChoice')}</button>
<span class="hint" id="webauthn-hint">${text(data, 'setupWebAuthnChoiceHint')}</span>`),
  email: (data, invalid) => postForm(data, '/methods', `<input type="hidden" name="type" value="email">
<label for="address">${text(data, 'setupEmailLabel')}</label>
<input id="address" name="address" type="email" autocomplete="email" spellcheck="false" value="${escapeHtml(data.email ?? '')}" required${describedBy([invalid && 'error'], false)}>
<button type="submit">${text(data, 'setupEmailChoice')}</button>`),
  sms: (data, invalid) => postForm(data, '/methods', `<input type="hidden" name="type" value="sms">
<label for="phone">${text(data, 'setupSmsLabel')}</label>
<span class="hint" id="phone-hint">${text(data, 'setupSmsHint')}</span>
<input id="phone" name="phone" type="tel" autocomplete="tel" value="${escapeHtml(data.phone ?? '')}" required${describedBy(['phone-hint', invalid && 'error'], false)}>
<button type="submit">${text(data, 'setupSmsChoice')}</button>`),
};

/** The ways to verify (app, passkey, email, text), as forms: shared by the setup page and "Add a method" in settings. */
export function methodChoiceForms(data: MethodChoicesData): string {
  const invalid = Boolean(data.error);
  return Object.entries(CHOICE_FORMS)
    .filter(([type]) => data.canAdd.includes(type as MethodView['type']))
    .map(([, form]) => form(data, invalid))
    .join('\n');
}
