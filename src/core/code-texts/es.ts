/** The code's email and text message in Spanish ("usted"), for the same keys as English. */
import type { CodeTexts } from './en.js';

export const esCodeTexts: CodeTexts = {
  codeEmailSubject: 'Su código de verificación de {issuer}',
  codeMessageSignIn: '{code} es su código para iniciar sesión en {issuer}. Vence en {minutes} minutos. No lo comparta: nunca se lo pediremos.',
  codeMessageSetup: '{code} es su código de configuración de {issuer}. Vence en {minutes} minutos. No lo comparta: nunca se lo pediremos.',
  codeMessageOther: '{code} es su código de {issuer} ({purpose}). Vence en {minutes} minutos. No lo comparta: nunca se lo pediremos.',
};
