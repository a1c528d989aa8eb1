/**
 * The security emails' words, in English: the keys every language has. `{name}` is filled when
 * the email is written; a translation may drop a placeholder but not invent one. `{when}` is
 * `emailWhen` or `emailWhenFrom` filled in; `{method}` is one of the `emailMethod…` names.
 */
export const enEmailTexts = {
  // Procare's exact subjects for methods: users and help desks recognise them.
  emailMethodAddedSubject: 'A two-factor authentication device has been added',
  emailMethodAddedBody: '{method} was added to your account for two-step verification on {when}.',
  emailMethodRemovedSubject: 'A two-factor authentication device has been removed',
  emailMethodRemovedBody: "{method} was removed from your account's two-step verification on {when}.",
  emailLockedSubject: 'Two-step verification locked after failed attempts',
  emailLockedBody: 'Too many wrong verification codes were entered for your account (last on {when}). Verification is locked until {until}.',
  emailRecoveryNoneSubject: 'You have no recovery codes left',
  emailRecoveryNoneBody: 'A recovery code was used to sign in to your account on {when}. None are left: generate new recovery codes in your two-step verification settings.',
  emailRecoveryOneSubject: 'Only 1 recovery code left',
  emailRecoveryOneBody: 'A recovery code was used to sign in to your account on {when}. Only 1 is left: generate new recovery codes in your two-step verification settings.',
  emailRecoveryFewSubject: 'Only {count} recovery codes left',
  emailRecoveryFewBody: 'A recovery code was used to sign in to your account on {when}. Only {count} are left: generate new recovery codes in your two-step verification settings.',
  emailAdminResetSubject: 'Your two-step verification was reset',
  emailAdminResetBody: 'An administrator reset two-step verification for your account on {when}. Set up a verification method at your next sign-in.',
  emailAdminResetNotYou: 'If you did not ask for this, contact your administrator.',
  emailNotYou: 'If this was not you, change your password now and contact your administrator.',
  emailNewSignInSubject: 'New sign-in to your account',
  emailNewSignInBody: 'Your account was signed in to on {when}, with {device}. This device and network have not signed in to your account lately.',
  emailNewSignInIfYou: 'If this was you, there is nothing to do.',
  emailNewSignInSignOut: 'If it was not you, sign out everywhere now and change your password: {link}',
  emailNewSignInSettings: 'Your security settings: {link}',
  // The browser and system of a new sign-in; the names themselves are the same in every language.
  emailDeviceBrowserOn: '{browser} on {os}',
  emailDeviceUnknownOn: 'an unknown browser on {os}',
  emailDeviceUnknown: 'an unknown browser',
  emailWhen: '{time}',
  emailWhenFrom: '{time} from IP address {ip}',
  // The method, as the start of a sentence names it.
  emailMethodTotp: 'An authenticator app',
  emailMethodEmail: 'An email address',
  emailMethodSms: 'A phone number (text messages)',
  emailMethodWebAuthn: 'A passkey or security key',
  emailMethodRecovery: 'A recovery code',
  emailMethodUnknown: 'A verification method',
};

export type EmailTexts = typeof enEmailTexts;
export type EmailTextKey = keyof EmailTexts;
