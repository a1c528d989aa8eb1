/** The code's email and text message in Finnish, for the same keys as English. */
import type { CodeTexts } from './en.js';

export const fiCodeTexts: CodeTexts = {
  codeEmailSubject: '{issuer}: vahvistuskoodisi',
  codeMessageSignIn: '{code} on kirjautumiskoodisi palveluun {issuer}. Se vanhenee {minutes} minuutissa. Älä kerro sitä kenellekään: emme koskaan kysy sitä.',
  codeMessageSetup: '{code} on käyttöönottokoodisi palveluun {issuer}. Se vanhenee {minutes} minuutissa. Älä kerro sitä kenellekään: emme koskaan kysy sitä.',
  codeMessageOther: '{code} on koodisi palveluun {issuer} ({purpose}). Se vanhenee {minutes} minuutissa. Älä kerro sitä kenellekään: emme koskaan kysy sitä.',
};
