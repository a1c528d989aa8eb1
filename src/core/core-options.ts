/**
 * The options the core reads, resolved: plain values and callbacks on the user, nothing of
 * HTTP (the request-shaped options — policy, networks, paths, pages — are `ResolvedOptions`
 * in `../options-types.ts`, which extends this). The user-facing shapes the core resolves
 * from live here too, so the core imports nothing above it.
 */
import type { Clock } from '../clock.js';
import type { DeliveryOptions } from '../delivery/types.js';
import type { MethodType } from '../enrolments/records.js';
import type { ResolvedWebAuthnOptions } from '../methods/webauthn-options.js';
import type { TotpSettings } from '../methods/totp-settings.js';
import type { CodeTexts } from './code-texts/en.js';

export interface TrustedDeviceOptions<User = any> {
  /** How long "Remember this device" lasts, from the verification (it does not slide). @default 2592000 (30 days) */
  maxAgeSeconds?: number;
  /** Remember every verified browser without asking (an organisation's choice). @default undefined (opt-in checkbox) */
  automatic?: (user: User) => boolean;
}

/** How the app tells twostep about its users. `User` is whatever Passport puts on `req.user`. */
export interface UserAdapter<User = any> {
  /** A stable, unique id for the user (a string; numbers are converted). */
  id(user: User): string | number;
  /** Account name shown in authenticator apps. @default the user id */
  label?(user: User): string;
  /**
   * Checks the current password. When set, confirming a new authenticator app needs the
   * password too (as ThoroughCare does).
   */
  verifyPassword?(user: User, password: string): boolean | Promise<boolean>;
  /** The address to prefill when the user adds email as a method. */
  email?(user: User): string | undefined | null;
  /** The phone number to prefill when the user adds SMS as a method. */
  phone?(user: User): string | undefined | null;
  /** Loads a user by id; lets notifications find `email(user)` outside a request. */
  load?(id: string): User | null | undefined | Promise<User | null | undefined>;
  /**
   * The app's own record of whether the user has 2FA on (a column of its users table, kept
   * from the `enabled`/`disabled` events). When it says true and the enrolment store has no
   * record at all (lost data), the sign-in is refused with 503 and an `enrolment.missing`
   * event, never let through.
   */
  twoFactorEnabled?(user: User): boolean | Promise<boolean>;
  /**
   * The organisations the user belongs to, with the user's roles (groups) in each: their
   * administrators' settings apply to the user, the strictest answer winning (see
   * docs/who-must-verify.md). A throw refuses the sign-in (503), never skips anything.
   */
  organisations?(user: User): readonly OrganisationMembership[] | Promise<readonly OrganisationMembership[]>;
  /**
   * The language the user reads, from the app's own record (a profile setting, say): emails
   * and text messages to them are written in it when twostep has it ("es-MX" is served by
   * "es"); otherwise the language of the request, then `lang`. Return nothing to not decide.
   * Outside a request (notifications, the admin API) it is asked of `load(id)`'s user.
   */
  language?(user: User): string | undefined | null;
  /**
   * One page of the users an administrator may look through, for the admin router's user list
   * (`twoStep.adminRouter`): the users of `organisation` (every user when it is undefined: an
   * administrator of all organisations who named none) whose name matches `query`, at most
   * `limit` of them, from `cursor` on. Answer `{ users: [{ id, label }], next }`: `id` as
   * `users.id` gives it, `label` the name people know them by, `next` the cursor of the next
   * page (your own opaque text), or null on the last page. See docs/administration.md.
   */
  list?(query: UserListQuery): UserListPage | Promise<UserListPage>;
}

/** What the admin router asks `users.list` for. */
export interface UserListQuery {
  /** The organisation id; undefined only for an administrator of every organisation who named none. */
  organisation: string | undefined;
  /** What the administrator typed in the search box, trimmed; '' for everybody. */
  query: string;
  /** The `next` of the page before; undefined for the first page. */
  cursor: string | undefined;
  /** The most users to answer. */
  limit: number;
}

/** One page of users, as `users.list` answers it. */
export interface UserListPage {
  users: ReadonlyArray<{ id: string | number; label: string }>;
  /** The cursor of the next page; null or absent on the last. */
  next?: string | null;
}

/** One organisation a user belongs to, as `users.organisations(user)` answers it. */
export interface OrganisationMembership {
  id: string | number;
  /** The user's roles or groups in this organisation (for `enforcement: { roles }`). */
  roles?: readonly string[];
}

export interface CodeOptions {
  /** How long an email/SMS code stays valid. @default 600 (10 minutes) */
  ttlSeconds?: number;
  /** How long before another code may be sent for the same purpose. @default 30 */
  cooldownSeconds?: number;
  /** Codes of any purpose sent to one user within a sliding hour. @default 10 */
  maxSendsPerHour?: number;
}

export interface LockoutOptions {
  /** @default 5 */
  maxAttempts?: number;
  /** @default 1800 (30 minutes) */
  lockSeconds?: number;
}

/**
 * The limit per client address (`req.ip`, IPv6 grouped by /56): a sliding window beside the
 * per-account lockout, so one address cannot walk through many accounts' attempts. Counted:
 * wrong answers (never right ones), code sends, passkey sign-in options.
 */
export interface AddressLimitOptions {
  /** The sliding window. @default 900 (15 minutes) */
  windowSeconds?: number;
  /** Wrong answers (codes, recovery codes, passwords at re-verification, passkeys) per address in the window. @default 50 */
  wrongAnswers?: number;
  /** Email/SMS codes sent per address in the window. @default 50 */
  sends?: number;
  /** Passkey sign-in options (`POST /login/passkey/options`) per address in the window. @default 300 */
  passkeyOptions?: number;
  /**
   * Passkey sign-in answers that are not a valid signature of the user's own key, per user
   * handle in the window (kept apart from the user's lockout; the key's owner is never refused by it). @default 50
   */
  passkeyFailuresPerHandle?: number;
}

/** The methods a user may use (an organisation's choice, say). */
export type AllowedMethods<User = any> = (user: User) => MethodType[] | readonly MethodType[] | Promise<MethodType[] | readonly MethodType[]>;

/** One language's message texts, found by its tag. */
export interface MessageLanguage {
  /** As given ("es-MX"), for `lang` attributes and for the app's templates. */
  readonly tag: string;
  readonly codes: Readonly<CodeTexts>;
}

/** The languages on offer, by lower-cased tag, and the one used when nothing else decides. */
export interface Languages<Pack extends MessageLanguage = MessageLanguage> {
  /** `lang: 'auto'`: each request's `Accept-Language` chooses among `offered`. */
  readonly auto: boolean;
  /** `lang`, or English under 'auto'. */
  readonly fallback: Pack;
  readonly offered: ReadonlyMap<string, Pack>;
}

export interface CoreOptions<User = any> {
  readonly users: Required<Pick<UserAdapter<User>, 'id' | 'label'>> & Omit<UserAdapter<User>, 'id' | 'label'>;
  readonly issuer: string;
  readonly lockout: Readonly<Required<LockoutOptions>>;
  readonly now: Clock;
  readonly delivery: Readonly<DeliveryOptions>;
  readonly codes: Readonly<Required<CodeOptions>>;
  readonly allowedMethods: AllowedMethods<User> | undefined;
  readonly trustedDevices: Readonly<{ maxAgeSeconds: number; automatic: ((user: User) => boolean) | undefined }>;
  readonly webauthn: ResolvedWebAuthnOptions | null;
  /** Hash, digits and period for authenticator apps set up from now on. */
  readonly totp: TotpSettings;
  /** null only with `dangerouslyDisableAddressLimit: true`. */
  readonly addressLimit: Readonly<Required<AddressLimitOptions>> | null;
  readonly languages: Languages;
  /** New-sign-in alerts (`notifications.newSignIn`), resolved; null when off. */
  readonly newSignIn: Readonly<NewSignInSettings> | null;
}

/** How new-sign-in alerts decide, resolved (see `new-sign-in.ts`). */
export interface NewSignInSettings {
  /** At most one alert per user within this long. */
  minIntervalSeconds: number;
  /** A network not seen for the user for this many days is new again. */
  networkMemoryDays: number;
}
