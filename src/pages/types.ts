/** Data each page is rendered from. Pages never read a store; they render what they are given. */

export interface MethodView {
  id: string;
  type: 'totp' | 'email' | 'sms';
  label: string;
  primary: boolean;
}

export interface PageBase {
  /** Where the 2FA routes are mounted, for form actions. */
  mountPath: string;
}

export interface VerifyPageData extends PageBase {
  methods: MethodView[];
  selectedMethodId?: string;
  /** "We sent a code to a•••@example.com." */
  notice?: string;
  error?: string;
  attemptsLeft?: number;
  /** Epoch ms; when set the page says until when the account is locked. */
  lockedUntil?: number | null;
  /** When set, offer "Remember this device for N days". */
  rememberDays?: number;
}

export interface SetupTotpPageData extends PageBase {
  methodId: string;
  qrSvg: string;
  setupKey: string;
  otpauthUrl: string;
  needsPassword: boolean;
  error?: string;
}

export interface SetupContactPageData extends PageBase {
  methodId: string;
  type: 'email' | 'sms';
  /** The masked address the code went to. */
  label: string;
  error?: string;
  notice?: string;
}

export interface SettingsPageData extends PageBase {
  enabled: boolean;
  methods: MethodView[];
  message?: string;
  error?: string;
  /** Which methods the user may add (`allowedMethods` and configured delivery). @default ['totp'] */
  canAdd?: MethodView['type'][];
  /** Prefills from `users.email` / `users.phone`. */
  email?: string;
  phone?: string;
}

export interface RecoveryCodesPageData extends PageBase {
  /** Formatted codes (`XXXXX-XXXXX-XXXXX`), shown this once. */
  codes: string[];
  /** Where the "I have saved them" link goes. */
  continueTo: string;
}

export interface ReverifyPageData extends PageBase {
  /** Confirmed methods the user can answer with. */
  methods: MethodView[];
  /** `users.verifyPassword` is configured: offer the password too. */
  allowPassword: boolean;
  /** Same-site path to return to afterwards. */
  returnTo?: string;
  error?: string;
}

export interface PromptPageData extends PageBase {
  /** Same-site path the user was opening; Skip returns there. */
  returnTo?: string;
}

export interface MessagePageData extends PageBase {
  title: string;
  message: string;
  status: number;
  link?: { href: string; text: string };
}

export interface PageRenderers {
  verify(data: VerifyPageData): string;
  setupTotp(data: SetupTotpPageData): string;
  setupContact(data: SetupContactPageData): string;
  settings(data: SettingsPageData): string;
  message(data: MessagePageData): string;
  recoveryCodes(data: RecoveryCodesPageData): string;
  reverify(data: ReverifyPageData): string;
  /** The setup offer shown to an optional user without 2FA after signing in. */
  prompt(data: PromptPageData): string;
}
