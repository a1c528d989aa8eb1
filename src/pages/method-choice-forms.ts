import { describedBy, escapeHtml, postForm, text } from './html.js';
import type { MethodView, PageBase } from './types.js';

export interface MethodChoicesData extends PageBase {
  canAdd: MethodView['type'][];
  email?: string;
  phone?: string;
  error?: string;
}

/** The ways to verify (app, passkey, email, text), as forms: shared by the setup page and "Add a method" in settings. */
export function methodChoiceForms(data: MethodChoicesData): string {
  const invalid = Boolean(data.error);
  const forms: string[] = [];
  if (data.canAdd.includes('totp')) {
    forms.push(postForm(data, '/methods', `<input type="hidden" name="type" value="totp">
<button type="submit" aria-describedby="totp-hint">${text(data, 'setupTotpChoice')}</button>
<span class="hint" id="totp-hint">${text(data, 'setupTotpChoiceHint')}</span>`));
  }
  if (data.canAdd.includes('webauthn')) {
    forms.push(postForm(data, '/methods', `<input type="hidden" name="type" value="webauthn">
<button type="submit" aria-describedby="webauthn-hint">${text(data, 'setupWebAuthnChoice')}</button>
<span class="hint" id="webauthn-hint">${text(data, 'setupWebAuthnChoiceHint')}</span>`));
  }
  if (data.canAdd.includes('email')) {
    forms.push(postForm(data, '/methods', `<input type="hidden" name="type" value="email">
<label for="address">${text(data, 'setupEmailLabel')}</label>
<input id="address" name="address" type="email" autocomplete="email" spellcheck="false" value="${escapeHtml(data.email ?? '')}" required${describedBy([invalid && 'error'], false)}>
<button type="submit">${text(data, 'setupEmailChoice')}</button>`));
  }
  if (data.canAdd.includes('sms')) {
    forms.push(postForm(data, '/methods', `<input type="hidden" name="type" value="sms">
<label for="phone">${text(data, 'setupSmsLabel')}</label>
<span class="hint" id="phone-hint">${text(data, 'setupSmsHint')}</span>
<input id="phone" name="phone" type="tel" autocomplete="tel" value="${escapeHtml(data.phone ?? '')}" required${describedBy(['phone-hint', invalid && 'error'], false)}>
<button type="submit">${text(data, 'setupSmsChoice')}</button>`));
  }
  return forms.join('\n');
}
