import type { MethodType } from '../enrolments/records.js';
import type { PageTexts } from './texts.js';
import type { OrganisationSettings } from '../organisations/settings.js';

/** Data each page is rendered from. Pages never read a store; they render what they are given. */

export interface MethodView {
  id: string;
  type: MethodType;
  label: string;
  primary: boolean;
  /** Passkeys only: synced to the user's other devices (backed up), or on this device or key alone. */
  synced?: boolean;
  /** The user's own name for it ("Work phone"): shown instead of the type's words. */
  name?: string;
  /** Which of its type it is: a second authenticator app is "Authenticator app 2". */
  number?: number;
  /** Epoch ms of its last successful use, where shown (the settings page); absent: never, or not known. */
  lastUsedAt?: number;
}

export interface PageBase {
  /** Where the 2FA routes are mounted, for form actions. */
  mountPath: string;
  /** twostep's own token: goes in every form as the hidden `_twostep_csrf` field (see `csrfField()`). */
  csrfToken: string;
  /**
   * The token of the app's own CSRF middleware, when one ran before twostep and offers
   * `req.csrfToken()` (csurf, lusca, csrf-csrf, ...), and where that middleware reads it
   * (option `appCsrf`; by default the form field `_csrf` and the header `X-CSRF-Token`).
   * `csrfField()` adds it as a hidden field, so that middleware lets the form through.
   * twostep never checks it.
   */
  appCsrf?: { token: string; field: string; header: string };
  /** The page texts, with the app's `texts` overrides applied. */
  texts: Readonly<PageTexts>;
  /** `<html lang>`. @default 'en' */
  lang: string;
  /** URLs of the stylesheet and script served under the mount path (allowed by the CSP). */
  assets: { stylesheet: string; script: string };
  /**
   * A half-signed-in session (challenge or forced setup): every page offers "Sign out", a
   * POST to `{mountPath}/cancel`, which ends the session and goes back to the sign-in page.
   */
  signOut?: boolean;
  /** The way back to the app from every page ("Back to {appName}"), for a signed-in user. */
  home?: { href: string; appName?: string };
}

/**
 * Whom a user can ask for help with signing in (option `support`): shown on the locked page and
 * beside the recovery-code form. Without it the pages name nobody: an app may have no one to ask.
 */
export interface SupportContact {
  /** Who to ask, as it reads after "Ask": "the front desk", "your clinic's administrator", "help@example.com". */
  readonly contact: string;
  /** Where to reach them: an https:// address or a path on this site; the contact becomes a link to it. */
  readonly url?: string;
}

export interface VerifyPageData extends PageBase {
  methods: MethodView[];
  selectedMethodId?: string;
  /** "We sent a code to a•••@example.com." */
  notice?: string;
  /** Why the last answer was refused, in words that fit its kind (a wrong app code, a wrong recovery code, ...). */
  error?: string;
  /** Whom to ask for help (option `support`); nobody is named without it. */
  support?: SupportContact;
  /** Show the recovery-code form instead of the code form. */
  recovery?: boolean;
  /** Seconds until "Send a code" may be pressed again (the resend cooldown). */
  resendInSeconds?: number;
  /** How long an emailed or texted code stays valid, for the page's wording. */
  codeTtlSeconds: number;
  attemptsLeft?: number;
  /** Epoch ms; when set the page says until when the account is locked. */
  lockedUntil?: number | null;
  /** When set, offer "Remember this device for N days". */
  rememberDays?: number;
  /** The lengths the code field takes: the methods' own (an authenticator app may make 8 digits). @default [6] */
  codeDigits?: readonly number[];
}

export interface SetupTotpPageData extends PageBase {
  methodId: string;
  qrSvg: string;
  setupKey: string;
  otpauthUrl: string;
  needsPassword: boolean;
  error?: string;
  /** How long the app's codes are (the `totp` option when it was set up). @default 6 */
  digits?: number;
}

export interface SetupWebAuthnPageData extends PageBase {
  methodId: string;
  /** Prefill of the name field. */
  defaultName?: string;
  needsPassword: boolean;
  error?: string;
}

/** Choosing the first (or another) method: authenticator app, email or text message. */
export interface SetupPageData extends PageBase {
  /** Forced setup: the policy requires a method before the app can be reached. */
  required: boolean;
  canAdd: MethodView['type'][];
  email?: string;
  phone?: string;
  error?: string;
}

export interface DeviceView {
  id: string;
  /** "Chrome on Windows". */
  label: string;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  /** The browser this page is shown in. */
  current: boolean;
}

export interface DevicesPageData extends PageBase {
  devices: DeviceView[];
}

export interface SetupContactPageData extends PageBase {
  methodId: string;
  type: 'email' | 'sms';
  /** The masked address the code went to. */
  label: string;
  error?: string;
  notice?: string;
  /** Seconds until "Send a new code" may be pressed again. */
  resendInSeconds?: number;
  /** How long a code stays valid, for the page's wording. */
  codeTtlSeconds: number;
  /** Confirming needs the current password too (`users.verifyPassword` is configured). */
  needsPassword: boolean;
}

export interface SettingsPageData extends PageBase {
  enabled: boolean;
  methods: MethodView[];
  /** The policy requires 2FA: no "Turn off". */
  required?: boolean;
  recoveryCodesLeft?: number;
  /** Epoch ms a recovery code was last used, when one was. */
  recoveryCodesLastUsedAt?: number;
  devices?: DeviceView[];
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
  /** Where "Continue" goes once the user ticked "I have saved these codes". */
  continueTo: string;
  /** Named in the downloaded file, so people know which account the codes are for. */
  issuer: string;
  /** The first codes of this account: there are no earlier ones that stop working. */
  first?: boolean;
}

export interface ReverifyPageData extends PageBase {
  /** Confirmed methods the user can answer with. */
  methods: MethodView[];
  /** `users.verifyPassword` is configured: offer the password too. */
  allowPassword: boolean;
  /** Same-site path to return to afterwards. */
  returnTo?: string;
  error?: string;
  /** Only a passkey will do (step-up with `phishingResistant`): codes and the password are not offered. */
  passkeyRequired?: boolean;
  /** The lengths the code field takes: the methods' own (an authenticator app may make 8 digits). @default [6] */
  codeDigits?: readonly number[];
}

export interface PromptPageData extends PageBase {
  /** Same-site path the user was opening; Skip returns there. */
  returnTo?: string;
  /** Epoch ms: an organisation requires the user, who may put setup off until then (its grace period). */
  setupDeadline?: number;
}

export interface MessagePageData extends PageBase {
  title: string;
  message: string;
  status: number;
  link?: { href: string; text: string };
}

// ---- The admin router's pages (`twoStep.adminRouter`) ----

export interface AdminPageBase extends PageBase {
  /** Where the app mounted the admin router (`req.baseUrl`): every admin link and form starts here. */
  adminPath: string;
  /** The organisation the page is about, for the navigation; absent on pages about all of them. */
  orgId?: string;
}

export interface AdminHomePageData extends AdminPageBase {
  /** The organisations this person administers; 'all' for an administrator of every one. */
  organisations: string[] | 'all';
}

/** The settings form as typed (or as stored, turned into what a form shows). */
export interface AdminSettingsValues {
  enforcement: 'off' | 'all' | 'roles';
  /** The user groups, one a line. */
  roles: string;
  graceDays: string;
  allowedMethods: string[];
  /** One CIDR range a line. */
  skipNetworks: string;
  trustedDeviceDays: string;
}

/** A refused field: `field` is a form field (`enforcement`, `roles`, `graceDays`, `allowedMethods`, `skipNetworks`, `trustedDeviceDays`). */
export interface AdminFieldError {
  /** The form field it is shown beside: `enforcement`, `roles`, `graceDays`, `allowedMethods`, `skipNetworks`, `trustedDeviceDays`, or '' (the summary only). */
  field: string;
  /** The stable refusal code (`invalid_settings` reasons, docs/administration.md#refusals). */
  reason: string;
  /** What to show, already in the page's language. */
  message: string;
}

export interface AdminSettingsPageData extends AdminPageBase {
  orgId: string;
  /** The version the form was made from: saving over a newer one is refused (`edit_conflict`). */
  version: number;
  values: AdminSettingsValues;
  errors: AdminFieldError[];
  /** Every method type there is, in order, for the checkboxes. */
  methodTypes: MethodType[];
  /** Epoch ms; null when nobody configured the organisation yet. */
  updatedAt: number | null;
  updatedBy: string | null;
  /** Who changed it last, named as people know them (`users.label`), else `updatedBy`. */
  updatedByName?: string;
  /** "Saved": shown after a successful save. */
  saved?: boolean;
  /** `values` are what the administrator typed before confirming it was them: not saved yet. */
  draftKept?: boolean;
  /** Why the save was refused as a whole (someone else saved meanwhile). */
  error?: string;
}

export interface AdminHistoryEntry {
  version: number;
  /** Epoch ms. */
  at: number;
  /** The administrator's id, as the history keeps it. */
  by: string;
  /** Their name as the page shows it (`users.label`), else the id. */
  byName?: string;
  before: OrganisationSettings | null;
  after: OrganisationSettings;
}

export interface AdminHistoryPageData extends AdminPageBase {
  orgId: string;
  entries: AdminHistoryEntry[];
  /** The link to older changes, when there are more. */
  olderHref?: string;
}

export interface AdminUserRow {
  id: string;
  label: string;
  enabled: boolean;
  methods: MethodView[];
  lastVerifiedAt: number | null;
  lockedUntil: number | null;
  /** The user's page. */
  href: string;
}

export interface AdminUsersPageData extends AdminPageBase {
  /** What was searched for. */
  query: string;
  users: AdminUserRow[];
  /** The next page of the same search, when there is one. */
  nextHref?: string;
  /** Back to the first page, when this is not it. */
  firstHref?: string;
}

export type AdminAction = 'reset' | 'unlock' | 'revoke-sessions' | 'revoke-devices';

export interface AdminUserPageData extends AdminPageBase {
  user: {
    id: string;
    label: string;
    enabled: boolean;
    setupRequired: boolean;
    methods: MethodView[];
    recoveryCodesLeft: number;
    lockedUntil: number | null;
    lastVerifiedAt: number | null;
    /** Remembered browsers. */
    devices: number;
  };
  /** The action just done, for the notice. */
  done?: AdminAction;
  /** Back to the list the administrator came from. */
  backHref: string;
}

export interface AdminConfirmPageData extends AdminPageBase {
  userId: string;
  label: string;
  action: AdminAction;
  /** Reset: "require setup at next sign-in" as ticked on the user page. */
  requireSetup: boolean;
  /** Where "Cancel" goes: the user's page. */
  cancelHref: string;
}

export interface PageRenderers {
  verify(data: VerifyPageData): string;
  /** The method picker: forced setup, and "Add a method". */
  setup(data: SetupPageData): string;
  devices(data: DevicesPageData): string;
  setupTotp(data: SetupTotpPageData): string;
  setupContact(data: SetupContactPageData): string;
  /** Adding a passkey or security key. */
  setupWebAuthn(data: SetupWebAuthnPageData): string;
  settings(data: SettingsPageData): string;
  message(data: MessagePageData): string;
  recoveryCodes(data: RecoveryCodesPageData): string;
  reverify(data: ReverifyPageData): string;
  /** The setup offer shown to an optional user without 2FA after signing in. */
  prompt(data: PromptPageData): string;
  /** The admin router's pages (`twoStep.adminRouter`): its start page, listing the organisations. */
  adminHome(data: AdminHomePageData): string;
  /** An organisation's settings form. */
  adminSettings(data: AdminSettingsPageData): string;
  /** An organisation's history of changes. */
  adminHistory(data: AdminHistoryPageData): string;
  /** An organisation's users, searched and paged. */
  adminUsers(data: AdminUsersPageData): string;
  /** One user's two-step verification, with the administrator's actions. */
  adminUser(data: AdminUserPageData): string;
  /** "Are you sure?" before an action on a user. */
  adminConfirm(data: AdminConfirmPageData): string;
}

/** The data one page's renderer gets, named for a renderer written on its own: `PageData<'verify'>`. */
export type PageData<Page extends keyof PageRenderers> = Parameters<PageRenderers[Page]>[0];
