/** Codes sent by text message to a phone number the user proved by entering the first one. */
import { maskPhone, parsePhoneNumber } from './contact-address.js';
import type { MethodUnit } from './method-unit.js';

export const smsMethod: MethodUnit<'sms'> = {
  type: 'sms',
  amr: 'sms',
  // RFC 8176's own 'sms'. NIST SP 800-63B §5.1.3.3: restricted, but a second factor (AAL2).
  standard: () => ({ amr: ['sms'], factors: 1 }),
  phishingResistant: false,
  answer: 'sent-code',
  allowedName: 'text-message codes',
  contact: {
    channel: 'sms',
    addressName: 'phone number',
    sentBy: 'text message',
    bodyField: 'phone',
    fromUser: 'phone',
    missingAddress: 'There is no phone number on your account: send `phone`, the mobile number the codes should go to.',
    parse: (value, defaultCountry) => parsePhoneNumber(value, defaultCountry),
    mask: maskPhone,
  },
};
