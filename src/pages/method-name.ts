import type { MethodView, PageBase } from './types.js';
import { fill, type TextKey } from './texts.js';

/**
 * Each method type's words on a page: its name (and the placeholder its label fills), and
 * the title of its setup page when it has one of its own. What a method *does* (is it
 * answered with a passkey, are codes sent to it) is its unit's, in `methods/method-units.ts`.
 */
const METHOD_WORDS: { readonly [Type in MethodView['type']]: { name: TextKey; labelFills?: string; setupTitle?: TextKey } } = {
  totp: { name: 'methodTotp' },
  email: { name: 'methodEmail', labelFills: 'address', setupTitle: 'setupEmailTitle' },
  sms: { name: 'methodSms', labelFills: 'phone', setupTitle: 'setupSmsTitle' },
  webauthn: { name: 'methodWebAuthn', labelFills: 'name' },
};

/**
 * How a method is named on a page: the user's own name for it ("Work phone"), else its type's
 * words — "Authenticator app", "Authenticator app 2" for the second, "Email to n•••@example.org".
 * Not escaped.
 */
export function methodName(page: PageBase, method: MethodView): string {
  if (method.name !== undefined) return method.name;
  const { name, labelFills } = METHOD_WORDS[method.type];
  if (labelFills !== undefined) return fill(page.texts[name], { [labelFills]: method.label });
  return method.number !== undefined && method.number > 1 ? fill(page.texts.methodTotpNumbered, { number: method.number }) : page.texts[name];
}

/** The title of a method's own setup page ("Confirm your phone number"). */
export function setupTitle(page: PageBase, type: MethodView['type']): string {
  const key = METHOD_WORDS[type].setupTitle;
  if (key === undefined) throw new Error(`twostep: a ${type} method has no setup page of this kind`);
  return page.texts[key];
}

/** Whole minutes for "valid for N minutes", never 0. */
export function minutesOf(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}
