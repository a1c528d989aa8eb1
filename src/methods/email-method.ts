/** Codes sent by email to an address the user proved by entering the first one. */
import { maskEmail, parseEmailAddress } from './contact-address.js';
import type { MethodUnit } from './method-unit.js';

export const emailMethod: MethodUnit<'email'> = {
  type: 'email',
  amr: 'email',
  phishingResistant: false,
  renamable: false,
  answer: 'sent-code',
  allowedName: 'email codes',
  contact: {
    channel: 'email',
    addressName: 'email address',
    sentBy: 'email',
    bodyField: 'address',
    fromUser: 'email',
    missingAddress: 'There is no email address on your account: send `address`, the email address the codes should go to.',
    parse: (value) => parseEmailAddress(value),
    mask: maskEmail,
  },
};
