import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { TwoStepError } from '../errors.js';

const MAX_EMAIL_LENGTH = 254;
// Deliberately plain: one "@", no spaces or control characters, a dotted domain. The code
// we send is what proves the address works; this only refuses obvious mistakes early.
const EMAIL_SHAPE = /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/** A trimmed, domain-lowercased email address, or `400 invalid_request`. */
export function parseEmailAddress(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TwoStepError('invalid_request', 'Enter the email address the codes should be sent to.');
  }
  const address = value.trim();
  if (address.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(address)) {
    throw new TwoStepError('invalid_request', 'That email address does not look right. Check it and try again (like name@example.com).');
  }
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
}

/** A valid phone number in E.164 form (`+447700900123`), or `400 invalid_request`. */
export function parsePhoneNumber(value: unknown, defaultCountry?: CountryCode): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TwoStepError('invalid_request', 'Enter the mobile phone number the codes should be sent to.');
  }
  if (value.length > 40 || /[^0-9+()\-.\s]/.test(value)) {
    throw new TwoStepError('invalid_request', 'A phone number may only contain digits, spaces, "+", "-", "." and brackets.');
  }
  const parsed = parsePhoneNumberFromString(value.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) {
    throw new TwoStepError('invalid_request', defaultCountry
      ? 'That phone number is not valid. Check it, or enter it in international form starting with "+".'
      : 'That phone number is not valid. Enter it in international form starting with "+" and the country code.');
  }
  return parsed.number;
}

/** "a•••@example.com": enough for the owner to recognise, not enough to harvest. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, 1)}•••@${address.slice(at + 1)}`;
}

/** "+44 •••• ••0123": the country code and the last four digits. */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const country = parsed ? `+${parsed.countryCallingCode}` : e164.slice(0, 3);
  return `${country} •••• ••${e164.slice(-4)}`;
}
