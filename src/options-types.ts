import type { Request } from 'express';
import type { Clock } from './clock.js';
import type { CountryCode } from 'libphonenumber-js';
import type { DeliveryOptions } from './delivery/types.js';
import type { NotificationOptions, ResolvedNotifications } from './notifications/templates.js';
import type { PageRenderers, SupportContact } from './pages/types.js';
import type { ResolvedLanguage, Texts } from './language-packs.js';
import type { EnrolmentStore } from './enrolments/types.js';
import type { TwoStepStore } from './backends/types.js';
import type { NetworkMatcher } from './core/network-ranges.js';
import type { PolicyLevel } from './core/policy.js';
import type { OrganisationSettingsStore } from './organisations/types.js';
import type { WebAuthnOptions } from './methods/webauthn-options.js';
import type { TotpOptions } from './methods/totp-settings.js';
import type { TwoStepMetrics } from './metrics/types.js';
import type { AddressLimitOptions, AllowedMethods, CodeOptions, CoreOptions, Languages, LockoutOptions, TrustedDeviceOptions, UserAdapter } from './core/core-options.js';

export type { AddressLimitOptions, AllowedMethods, CodeOptions, LockoutOptions, TrustedDeviceOptions, UserAdapter };

/** Decides per user whether 2FA is required, optional or exempt (SSO users, say). */
export type PolicyFunction<User = any> = (user: User, req: Request) => PolicyLevel | Promise<PolicyLevel>;

/** Trusted networks: a fixed list of CIDR ranges, or the list for the user's organisation. */
export type SkipNetworks<User = any> =
  | readonly string[]
  | ((user: User, req: Request) => readonly string[] | Promise<readonly string[]>);

export interface TwoStepOptions<User = any> {
  /** At least 32 bytes. Encrypts secrets at rest and keys every hash. Keep it out of the code. */
  secret: string;
  /**
   * What expires: failures and locks, one-time codes, cooldowns, trusted devices.
   * @default memoryStore() — for development only; use redisStore() in production.
   */
  store?: TwoStepStore;
  /**
   * What lasts: who has 2FA, methods, sealed secrets, recovery-code hashes, the last TOTP
   * step. In production, your database: `postgresEnrolments(pool)`.
   * @default the store's own backend (memory for memoryStore(), the same Redis for redisStore())
   */
  enrolments?: EnrolmentStore;
  /**
   * What each organisation's administrator decided (who must verify, grace period, methods,
   * skipped networks, remembered-browser days), read at sign-in for the organisations
   * `users.organisations(user)` names. In production, your database:
   * `postgresOrganisationSettings(pool)`. See docs/administration.md.
   * @default the store's own backend when `users.organisations` is set
   */
  organisationSettings?: OrganisationSettingsStore;
  /**
   * Each process keeps the settings its sign-ins read, so a sign-in reads no store once they
   * are warm; a change is announced to every process and applies within 1 s (see
   * docs/who-must-verify.md, "Live in every process").
   */
  organisationSettingsCache?: OrganisationSettingsCacheOptions;
  users: UserAdapter<User>;
  /** Name shown in authenticator apps next to the account. @default 'twostep' */
  issuer?: string;
  /**
   * How authenticator apps set up from now on make their codes: `algorithm` ('SHA1',
   * 'SHA256', 'SHA512'), `digits` (6 or 8), `periodSeconds`. Each app keeps what it was set
   * up with, so changing this never breaks an existing one. Some apps ignore anything but
   * the defaults (docs/options.md#totp). @default { algorithm: 'SHA1', digits: 6, periodSeconds: 30 }
   */
  totp?: TotpOptions;
  /**
   * Counters and histograms for operators: `prometheusMetrics()` or `openTelemetryMetrics({ meter })`
   * from `twostep/metrics`, or your own `{ count, observe }`. Fed by events, backend calls and
   * 503 answers; a verified request does no metric work (docs/metrics.md). @default none
   */
  metrics?: TwoStepMetrics;
  /** Where the routes and pages are mounted. @default '/2fa' */
  mountPath?: string;
  /**
   * The app's sign-in page: where an anonymous visitor of a 2FA page, and a user who signs out
   * halfway, is sent. GET and POST on it are let through for a half-signed-in session (with
   * `req.user` unset), so the user can sign in again, as themselves or someone else. When the
   * form posts elsewhere, list both, the page first: `['/login', '/login/password']` (every
   * path listed is let through; people are sent to the first).
   * @default '/login'
   */
  loginPath?: string | readonly string[];
  /**
   * Where a user goes after verifying, after forced setup or after the setup prompt when
   * neither the login route nor the page that sent them to sign in named a destination.
   * @default '/'
   */
  successRedirect?: string;
  /**
   * The app's own sign-out route. It (like `loginPath`) is let through for a half-signed-in
   * session, with `req.user` unset, so signing out or signing in as someone else works
   * mid-way. `false`: no sign-out route is let through. @default '/logout'
   */
  logoutPath?: string | false;
  /** The app's name, for the "Back to {app}" link on every twostep page. @default none: "Back to the app" */
  appName?: string;
  /** Where "Back to {app}" goes. @default successRedirect */
  homePath?: string;
  /**
   * Whom a user can ask for help signing in: the locked page and the recovery-code form name
   * them ("Need help now? Ask {contact}."), linked to `url` when given (https:// or a path on
   * this site). @default none: the pages name nobody to ask
   */
  support?: SupportContact;
  lockout?: LockoutOptions;
  /**
   * How recent a second factor (or a re-entered password) must be for sensitive changes:
   * adding or removing a method, turning 2FA off, regenerating recovery codes. Older
   * sessions are answered `403 reverify_required` and asked again.
   * @default 300 (5 minutes)
   */
  reverifySeconds?: number;
  /**
   * How long a half-finished sign-in lasts: a session that gave the password but not yet
   * the second factor (or a required user still setting up a method) must sign in again
   * after this, as with an expired code — or later, when the latest email/SMS code sent to
   * it expires later (up to `pendingMaxSeconds`).
   * @default 600 (10 minutes)
   */
  pendingSeconds?: number;
  /**
   * The longest a half-finished sign-in can last, from the password. Within it, each email/SMS
   * code sent keeps the sign-in alive until that code expires (`codes.ttlSeconds`), so a
   * resent code is good for its whole lifetime; past it, resending no longer helps.
   * @default 1800 (30 minutes), or `pendingSeconds` when that is longer
   */
  pendingMaxSeconds?: number;
  /** Largest request body the routes accept, in bytes. @default 16384 */
  bodyLimitBytes?: number;
  /** Replace any of the built-in pages. */
  pages?: Partial<PageRenderers>;
  /**
   * Replace any text of `lang`'s pages, security emails and code messages, for tone or for a
   * language of your own. Keys and English defaults: `defaultTexts` (pages, exported) and
   * docs/pages-and-translation.md. Not with `lang: 'auto'`: use `languages` there. @default none
   */
  texts?: Partial<Texts>;
  /**
   * The language of pages, emails and text messages: 'en', 'es' (Latin-American Spanish,
   * "usted") or 'fi' ship whole; 'auto' chooses per request from `Accept-Language` among them
   * and your `languages` (English when none fits). A region is served by its language
   * ('es-MX' → es); any other tag needs its texts in `languages` or `texts`. Emails and text
   * messages follow `users.language(user)` first. @default 'en'
   */
  lang?: 'en' | 'es' | 'fi' | 'auto' | (string & {});
  /**
   * Your own languages, or changes to the shipped ones, by tag: `{ sv: { verifyTitle: '…' },
   * es: { verifyTitle: '…' } }`. Texts left out come from the shipped pack of that language,
   * else English. @default none
   */
  languages?: Record<string, Partial<Texts>>;
  /** The clock, in epoch milliseconds. For tests. @default Date.now */
  now?: Clock;
  /** How email and SMS codes are sent (`smtpEmail(...)`, `httpSms(...)`, or your own function). @default none: those methods are unavailable */
  delivery?: DeliveryOptions;
  /** Email/SMS code lifetime, resend cooldown and hourly cap. */
  codes?: CodeOptions;
  /**
   * The methods a user may set up and use, decided by the app (an organisation's admin
   * choosing "email only"). Others get `403 method_not_allowed`. @default every method
   */
  allowedMethods?: AllowedMethods<User>;
  /** Country assumed for phone numbers typed without "+" (ISO code like 'GB'). @default none: numbers need "+" */
  defaultPhoneCountry?: CountryCode;
  /**
   * Emails to the user on method added/removed, lockout, recovery code used (when 2 or fewer
   * are left), admin reset; replace any template or turn one off with `false`. `false` turns
   * them all off. `newSignIn` (off unless set) adds an email after a sign-in from a new device
   * and network (docs/new-sign-in-alerts.md). @default on when `delivery.email` is set; `newSignIn` off
   */
  notifications?: false | NotificationOptions;
  /** Who must verify. A policy that throws skips nothing. @default () => 'optional' */
  policy?: PolicyFunction<User>;
  /**
   * Requests from these ranges (by Express's `req.ip`) skip the second factor. Static lists
   * are validated here; a function's lists are validated when used. @default [] (none)
   */
  skipNetworks?: SkipNetworks<User>;
  trustedDevices?: TrustedDeviceOptions<User>;
  /**
   * Offer setup, once per sign-in, to an optional user without 2FA: the first page after
   * login redirects to `GET {mountPath}/prompt` (Continue, Skip, Don't show again). @default true
   */
  setupPrompt?: boolean;
  /**
   * The longest a signed-in session is accepted, counted from sign-in (or from its last
   * "sign out other sessions"); older sessions are sent back to sign in. It is also how
   * long each process remembers a revocation, so set it to at least your session
   * cookie's lifetime. @default 2592000 (30 days)
   */
  sessionMaxAgeSeconds?: number;
  /**
   * Passkeys and security keys (WebAuthn) as a method. Off unless set; see
   * `WebAuthnOptions` for rpID, rpName, origins and userVerification. @default undefined (off)
   */
  webauthn?: WebAuthnOptions;
  /**
   * The limit per client address, beside the per-account lockout (never instead of it):
   * wrong answers, code sends and passkey sign-in from one `req.ip` (IPv6: its /56) within a
   * sliding window; past it, `429 rate_limited` with `Retry-After`. Keyed on Express's
   * `req.ip`, so set `trust proxy` to your proxies, or every client shares the proxy's address.
   * @default { windowSeconds: 900, wrongAnswers: 50, sends: 50, passkeyOptions: 300, passkeyFailuresPerHandle: 50 }
   */
  addressLimit?: AddressLimitOptions;
  /**
   * Turns the limit per client address off (say, an upstream gateway limits per address
   * already). The per-account lockout stays. @default false
   */
  dangerouslyDisableAddressLimit?: boolean;
  /**
   * Where the app's own CSRF middleware reads its token, when it is mounted before twostep and
   * offers `req.csrfToken()`: twostep's forms carry that token in the form field `field`, and
   * the page script sends it in the header `header`. Only for an app that renamed them (csurf's
   * `value`, lusca's `key` / `header`, csrf-csrf's `getCsrfTokenFromRequest`); the defaults are
   * what those libraries read out of the box. twostep never checks this token.
   * @default { field: '_csrf', header: 'X-CSRF-Token' }
   */
  appCsrf?: { field?: string; header?: string };
}

export interface OrganisationSettingsCacheOptions {
  /** The most organisations kept per process; the least recently used are dropped first. @default 10000 */
  maxEntries?: number;
  /**
   * No cached settings older than this are used, announcement or not: the bound for a change
   * no process announced (written to the table by another program). With a store that
   * announces nothing to other processes (a custom store without `settingsChanges`), it is
   * the only bound. @default 60 with redisStore() or memoryStore(); 1 with a store without announcements
   */
  maxAgeSeconds?: number;
}

export interface ResolvedOptions<User = any> extends CoreOptions<User> {
  readonly secret: string;
  readonly mountPath: string;
  /** The sign-in page (the first path given). */
  readonly loginPath: string;
  /** Every sign-in path given: the page and where its form posts. */
  readonly loginPaths: readonly string[];
  readonly successRedirect: string;
  readonly logoutPath: string | false;
  readonly appName: string | undefined;
  readonly support: Readonly<SupportContact> | undefined;
  readonly homePath: string;
  readonly reverifySeconds: number;
  readonly pendingSeconds: number;
  readonly pendingMaxSeconds: number;
  readonly bodyLimitBytes: number;
  readonly pages: Partial<PageRenderers>;
  /** Every language's texts, and which one pages use (`fallback`, or per request when `auto`). */
  readonly languages: Languages<ResolvedLanguage>;
  readonly defaultPhoneCountry: CountryCode | undefined;
  readonly notifications: false | Readonly<ResolvedNotifications>;
  readonly policy: PolicyFunction<User>;
  /** The compiled static list, or a per-user function, or null when no network is trusted. */
  readonly skipNetworks: NetworkMatcher | ((user: User, req: Request) => readonly string[] | Promise<readonly string[]>) | null;
  readonly setupPrompt: boolean;
  /** `maxAgeSeconds` undefined: the default, which depends on whether the store announces changes. */
  readonly organisationSettingsCache: Readonly<{ maxEntries: number; maxAgeSeconds: number | undefined }>;
  /** null when passkeys are off. */
  readonly sessionMaxAgeSeconds: number;
  /** Where the app's CSRF middleware reads its token (see `TwoStepOptions.appCsrf`). */
  readonly appCsrf: Readonly<{ field: string; header: string }>;
  /** The adapter given, or undefined: nothing is wrapped or counted. */
  readonly metrics: TwoStepMetrics | undefined;
}

