import { fill } from '../languages.js';
import type { MessageLanguage } from './core-options.js';

/** The email subject and the text (email body or SMS) that carry a one-time code, in one language. */
export function codeMessage(language: MessageLanguage, values: { purpose: string; code: string; issuer: string; ttlSeconds: number }): { subject: string; text: string } {
  const { codes } = language;
  const template = values.purpose === 'login' ? codes.codeMessageSignIn : values.purpose.startsWith('setup:') ? codes.codeMessageSetup : codes.codeMessageOther;
  const filled = { code: values.code, issuer: values.issuer, minutes: Math.max(1, Math.round(values.ttlSeconds / 60)), purpose: values.purpose };
  return { subject: fill(codes.codeEmailSubject, filled), text: fill(template, filled) };
}
