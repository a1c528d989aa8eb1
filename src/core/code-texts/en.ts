/**
 * The email and text message that carry a one-time code, in English: the keys every language
 * has. Short, because a text message is: the code first (phones show it in the notification),
 * then how long it lasts, then the warning against handing it over.
 */
export const enCodeTexts = {
  codeEmailSubject: 'Your {issuer} verification code',
  codeMessageSignIn: '{code} is your {issuer} sign-in code. It expires in {minutes} minutes. Never share it: we will never ask for it.',
  codeMessageSetup: '{code} is your {issuer} setup code. It expires in {minutes} minutes. Never share it: we will never ask for it.',
  /** For the app's own purposes (`sendCode({ purpose: 'password-reset' })`): `{purpose}` is that name. */
  codeMessageOther: '{code} is your {issuer} {purpose} code. It expires in {minutes} minutes. Never share it: we will never ask for it.',
};

export type CodeTexts = typeof enCodeTexts;
