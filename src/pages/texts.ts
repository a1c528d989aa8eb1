/**
 * Every word the built-in pages show, in English, in one place: the keys every language pack
 * has (`packs/es.ts`, `packs/fi.ts` must translate each one), and what an app changes with the
 * `texts` option. `{name}` marks a value filled in when the page is rendered; a translation
 * may move or drop placeholders but cannot add new ones.
 */
import { webAuthnTexts } from './webauthn-texts.js';
import { adminTexts } from './admin-texts.js';

export const defaultTexts = {
  ...webAuthnTexts,
  ...adminTexts,
  // Shared
  skipToContent: 'Skip to the main content',
  errorPrefix: 'Error:',
  backToSettings: 'Back to two-step verification settings',
  copied: 'Copied.',
  copyFailed: 'Copying did not work: select the text and copy it yourself.',
  codeLabel: 'Verification code',
  codeHint: '{digits} digits, no spaces.',
  codeHintTwoLengths: '{short} or {long} digits, no spaces.',
  recoveryCodeLabel: 'Recovery code',
  // {example} is made of the codes' own letters and digits (methods/code-format.ts).
  recoveryCodeHint: 'One of the codes you saved when you turned on two-step verification, like {example}.',
  passwordLabel: 'Current password',
  backToApp: 'Back to {app}',
  backToAppUnnamed: 'Back to the site',
  signOut: 'Sign out',
  appBarLabel: 'Account',

  // Methods, as people see them
  methodTotp: 'Authenticator app',
  methodTotpNumbered: 'Authenticator app {number}',
  renameMethod: 'Rename',
  renameMethodLabel: 'New name for {label}',
  renameMethodSave: 'Save name',
  methodLastUsed: 'last used {date}',
  methodNotUsedYet: 'not used yet',
  recoveryLastUsed: 'A recovery code was last used {date}.',
  methodEmail: 'Email to {address}',
  methodSms: 'Text message to {phone}',
  primaryMarker: '(primary)',

  // Challenge
  verifyTitle: "Verify it's you",
  verifyIntroApp: 'Open your authenticator app and enter the code it shows for this account.',
  verifyIntroAny: 'Enter the code from your authenticator app, or ask for a code by email or text message.',
  verifyChooseMethod: 'How do you want to verify?',
  verifySent: 'We sent a code to {label}. It is valid for {minutes} minutes.',
  verifyRemember: 'Remember this device for {days} days',
  verifyRememberHint: 'Only on a computer or phone that is yours. You will not be asked for a code here again until then.',
  verifySubmit: 'Verify',
  attemptsLeftOne: '1 attempt left before verification is locked.',
  attemptsLeftMany: '{count} attempts left before verification is locked.',
  sendCode: 'Send a code to {label}',
  sendCodeWait: 'You can ask for a new code in {seconds} seconds.',
  useRecoveryCode: 'Use a recovery code',
  useRecoveryCodeIntro: 'Lost your phone or cannot get a code? Each recovery code signs you in once.',
  useRecoverySubmit: 'Use recovery code',
  useCodeInstead: 'Use a verification code instead',
  // Only when the app names someone to ask (option `support`): {contact} is its `support.contact`.
  cannotSignIn: 'No code and no recovery code? Ask {contact} to reset your two-step verification.',

  // Locked
  lockedTitle: 'Too many failed attempts',
  lockedMessage: 'For your security, verification is locked until {time}.',
  lockedWhatYouCanDo: 'What you can do',
  lockedRememberedDevice: 'On a device you chose to remember, you can still sign in: it does not ask for a code.',
  lockedRecoveryCode: 'After {time}, sign in with a code or with one of your recovery codes.',
  // Only when the app names someone to ask (option `support`).
  lockedAskSupport: 'Need help now? Ask {contact}.',

  // Setup: choosing a method
  setupTitle: 'Set up two-step verification',
  setupRequired: 'Your organisation requires two-step verification. Choose how you will get your codes to finish signing in.',
  setupOptional: 'Choose how you will get your codes.',
  setupTotpChoice: 'Use an authenticator app',
  setupTotpChoiceHint: 'Recommended: works without signal. Google Authenticator, Microsoft Authenticator, 1Password and others.',
  setupEmailLabel: 'Email address',
  setupEmailChoice: 'Use email codes',
  setupSmsLabel: 'Mobile phone number',
  setupSmsHint: 'With the country code for numbers from abroad, like +44 7911 123456.',
  setupSmsChoice: 'Use text messages',

  // Setup: authenticator app
  setupTotpTitle: 'Set up your authenticator app',
  setupTotpStep1: 'Open your authenticator app and add an account.',
  setupTotpStep2: 'Scan the QR code, or type the setup key.',
  setupTotpStep3: 'Enter the {digits}-digit code the app shows.',
  setupTotpQrLabel: 'QR code for your authenticator app',
  openInAuthenticatorApp: 'Open in authenticator app',
  openInAuthenticatorAppHint: 'On the phone that has the app: opens it with this account filled in. If nothing opens, type the setup key below.',
  setupKeyLabel: 'Setup key',
  copySetupKey: 'Copy setup key',
  setupTotpCodeLabel: 'Code from the app',
  setupTotpSubmit: 'Turn on',

  // Setup: email and phone
  setupEmailTitle: 'Confirm your email address',
  setupSmsTitle: 'Confirm your phone number',
  setupContactSent: 'We sent a 6-digit code to {label}. It is valid for {minutes} minutes.',
  setupContactSubmit: 'Verify',
  resendCode: 'Send a new code',
  cancel: 'Cancel',

  // Recovery codes
  recoveryTitle: 'Save your recovery codes',
  recoveryShownOnce: 'They are shown this once.',
  recoveryExplain: 'If you lose your phone, each code signs you in one time. Print them, or keep them in a password manager.',
  recoveryReplaced: 'Your earlier recovery codes no longer work.',
  recoveryCopy: 'Copy codes',
  recoveryDownload: 'Download as a text file',
  recoveryFileHeading: 'Recovery codes for {issuer}. Each code works once.',
  recoverySaved: 'I have saved these codes',
  recoveryContinue: 'Continue',

  // Setup prompt
  promptTitle: 'Protect your account with two-step verification',
  promptExplain: 'After your password, you will also enter a code from your phone. Someone who learns your password still cannot sign in.',
  promptContinue: 'Continue',
  promptSkip: 'Skip',
  promptSkipHint: 'If you skip, we will ask again the next time you sign in.',
  promptNever: "Don't show this again",
  promptDeadline: 'Your organisation requires two-step verification. You can put it off until {time}; after that, you will have to set it up when you sign in.',

  // Settings
  settingsTitle: 'Two-step verification',
  settingsOn: 'Two-step verification is on.',
  settingsOff: 'Two-step verification is off.',
  settingsMethods: 'Verification methods',
  settingsNoMethod: 'No verification method yet.',
  makePrimary: 'Make primary',
  removeMethod: 'Remove',
  // A button's *Label is its name for screen readers and speech input; it must contain the
  // button's visible text (makePrimary, removeMethod, forgetDevice): people say what they see.
  removeMethodLabel: 'Remove {label}',
  makePrimaryLabel: 'Make primary: {label}',
  addMethod: 'Add a method',
  recoveryHeading: 'Recovery codes',
  recoveryLeftOne: '1 recovery code left.',
  recoveryLeftMany: '{count} recovery codes left.',
  recoveryLow: 'You are running out: make new ones.',
  recoveryRegenerate: 'Make new recovery codes',
  recoveryRegenerateHint: 'Your current codes stop working.',
  devicesHeading: 'Remembered devices',
  devicesNone: 'No device is remembered.',
  deviceLastUsed: 'last used {date}',
  deviceThis: '(this device)',
  forgetDevice: 'Forget',
  forgetDeviceLabel: 'Forget {label}',
  forgetAllDevices: 'Forget all devices',
  sessionsHeading: 'Your other sessions',
  signOutOthers: 'Sign out all other sessions',
  signOutOthersHint: 'Every other browser and app signed in to your account must sign in again. This one stays signed in.',
  signedOutOthers: 'Every other session has been signed out.',
  turnOn: 'Turn on two-step verification',
  turnOff: 'Turn off two-step verification',
  requiredByPolicy: 'Your organisation requires two-step verification, so it cannot be turned off.',

  // Re-verification
  reverifyTitle: "Confirm it's you",
  reverifyExplain: 'This change needs a fresh check. It lasts a few minutes.',
  reverifySubmit: 'Confirm',
  reverifyPasswordSubmit: 'Confirm with password',

  // Messages
  messageBack: 'Back',
  messageSignIn: 'Go to sign in',
  titleUnavailable: 'Verification is unavailable',
  titleSignIn: 'Please sign in',
  titleSignInExpired: 'Your sign-in has expired',
  titleVerificationNeeded: 'Verification needed',
  titleFormExpired: 'This form has expired',
  titleSomethingWrong: 'Something went wrong',

  // Why a request was refused, for the errors people meet on pages (others keep the library's message)
  // A wrong answer, by its kind (core/wrong-answer.ts). Each fits two lines on a 375 px phone
  // (test/browser-error-lines.test.ts); only an authenticator app's code can have been just used.
  errorWrongAppCode: 'Wrong code. Each code works once: if you just used it, wait for the next.',
  errorWrongSentCode: 'Wrong or expired code. Use the newest one, or send a new code.',
  errorWrongFirstCode: 'That code does not match. Check it and try again.',
  errorWrongRecoveryCode: 'That recovery code is not right, or it was already used.',
  errorPasskeyRefused: 'The passkey did not confirm it is you. Try again, or use another way.',
  // A wrong answer of no known kind.
  errorInvalidCode: 'That is not right. Check it and try again.',
  errorInvalidPassword: 'That password is not right.',
  errorResendTooSoon: 'A code was sent moments ago. You can ask for a new one in {seconds} seconds; the earlier code still works.',
  errorRateLimited: 'Too many attempts came from your network. Wait {seconds} seconds, then try again.',
  errorSendLimit: 'Too many codes were sent to this account in the last hour. Use a code already sent, or try again later.',
  errorDeliveryFailed: 'The code could not be sent. Check the address or number, or try again later.',
  errorUnavailable: 'Verification is temporarily unavailable. Please try again in a moment.',
  errorSignInExpired: 'You took too long to finish signing in. Sign in with your password again.',
  errorCsrf: 'This form has expired or was sent from another site. Go back, reload the page and try again.',
};

export type PageTexts = typeof defaultTexts;
export type TextKey = keyof PageTexts;

export { fill } from '../languages.js';
