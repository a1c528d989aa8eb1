import type { MethodView, PageBase } from './types.js';
import { fill } from './texts.js';

/** How a method is named on a page: "Authenticator app", "Email to n•••@example.org". Not escaped. */
export function methodName(page: PageBase, method: MethodView): string {
  if (method.type === 'email') return fill(page.texts.methodEmail, { address: method.label });
  if (method.type === 'sms') return fill(page.texts.methodSms, { phone: method.label });
  if (method.type === 'webauthn') return fill(page.texts.methodWebAuthn, { name: method.label });
  return page.texts.methodTotp;
}

/** Whole minutes for "valid for N minutes", never 0. */
export function minutesOf(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}
