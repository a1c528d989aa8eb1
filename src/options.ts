import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { TwoStepConfigError } from './errors.js';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import type { DeliveryOptions } from './delivery/types.js';
import { NOTIFICATION_KINDS, type NotificationOptions } from './notifications/templates.js';
import type { PageRenderers } from './pages/types.js';
import { resolveTexts, type PageTexts } from './pages/texts.js';
import type { MethodType, TwoStepStore } from './store/types.js';
import { compileNetworks, type NetworkMatcher } from './core/network-ranges.js';
import { type PolicyLevel } from './core/policy.js';

/** Decides per user whether 2FA is required, optional or exempt (SSO users, say). */
export type PolicyFunction<User = any> = (user: User, req: import('express').Request) => PolicyLevel | Promise<PolicyLevel>;

/** Trusted networks: a fixed list of CIDR ranges, or the list for the user's organisation. */
export type SkipNetworks<User = any> =
  | readonly string[]
  | ((user: User, req: import('express').Request) => readonly string[] | Promise<readonly string[]>);

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

export interface TwoStepOptions<User = any> {
  /** At least 32 bytes. Encrypts secrets at rest and keys every hash. Keep it out of the code. */
  secret: string;
  /** @default memoryStore() — for development only; use redisStore() in production. */
  store?: TwoStepStore;
  users: UserAdapter<User>;
  /** Name shown in authenticator apps next to the account. @default 'twostep' */
  issuer?: string;
  /** Where the routes and pages are mounted. @default '/2fa' */
  mountPath?: string;
  /** Where an anonymous visitor of a 2FA page is sent. @default '/login' */
  loginPath?: string;
  /** Where a user goes after verifying when no page was asked for first. @default '/' */
  successRedirect?: string;
  lockout?: LockoutOptions;
  /**
   * How recent a second factor (or a re-entered password) must be for sensitive changes:
   * adding or removing a method, turning 2FA off, regenerating recovery codes. Older
   * sessions are answered `403 reverify_required` and asked again.
   * @default 300 (5 minutes)
   */
  reverifySeconds?: number;
  /** Largest request body the routes accept, in bytes. @default 16384 */
  bodyLimitBytes?: number;
  /** Replace any of the built-in pages. */
  pages?: Partial<PageRenderers>;
  /**
   * Replace any text of the built-in pages, for translation or tone. Keys and English
   * defaults: `defaultTexts` (exported). @default English
   */
  texts?: Partial<PageTexts>;
  /** The pages' language, for `<html lang>` (screen readers pick their voice by it). @default 'en' */
  lang?: string;
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
  allowedMethods?: (user: User) => MethodType[] | readonly MethodType[] | Promise<MethodType[] | readonly MethodType[]>;
  /** Country assumed for phone numbers typed without "+" (ISO code like 'GB'). @default none: numbers need "+" */
  defaultPhoneCountry?: CountryCode;
  /** Emails to the user on method added/removed, lockout, recovery code used (when 2 or fewer are left), admin reset; replace any template or turn one off with `false`. `false` turns them all off. @default on when `delivery.email` is set */
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
}

export interface ResolvedOptions<User = any> {
  readonly secret: string;
  readonly users: Required<Pick<UserAdapter<User>, 'id' | 'label'>> & Omit<UserAdapter<User>, 'id' | 'label'>;
  readonly issuer: string;
  readonly mountPath: string;
  readonly loginPath: string;
  readonly successRedirect: string;
  readonly lockout: Readonly<Required<LockoutOptions>>;
  readonly reverifySeconds: number;
  readonly bodyLimitBytes: number;
  readonly pages: Partial<PageRenderers>;
  readonly texts: Readonly<PageTexts>;
  readonly lang: string;
  readonly now: Clock;
  readonly delivery: Readonly<DeliveryOptions>;
  readonly codes: Readonly<Required<CodeOptions>>;
  readonly allowedMethods: TwoStepOptions<User>['allowedMethods'];
  readonly defaultPhoneCountry: CountryCode | undefined;
  readonly notifications: false | Readonly<NotificationOptions>;
  readonly policy: PolicyFunction<User>;
  /** The compiled static list, or a per-user function, or null when no network is trusted. */
  readonly skipNetworks: NetworkMatcher | ((user: User, req: import('express').Request) => readonly string[] | Promise<readonly string[]>) | null;
  readonly trustedDevices: Readonly<{ maxAgeSeconds: number; automatic: ((user: User) => boolean) | undefined }>;
  readonly setupPrompt: boolean;
}

const KNOWN_OPTIONS = new Set([
  'secret', 'store', 'users', 'issuer', 'mountPath', 'loginPath', 'successRedirect',
  'lockout', 'reverifySeconds', 'bodyLimitBytes', 'pages', 'texts', 'lang', 'now', 'delivery', 'codes', 'allowedMethods',
  'defaultPhoneCountry', 'notifications', 'policy', 'skipNetworks', 'trustedDevices', 'setupPrompt',
]);
const MIN_SECRET_BYTES = 32;

function fail(message: string): never {
  throw new TwoStepConfigError(message);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function positiveInteger(name: string, value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    fail(`${name} must be a whole number between 1 and ${max}, got ${show(value)}.`);
  }
  return value;
}

function localPath(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || /[\s\\?#]/.test(value)) {
    fail(`${name} must be a path on this site starting with a single "/" (like "/2fa"), got ${show(value)}.`);
  }
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

function optionalFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function, got ${show(value)}.`);
}

/** Validates once, at start-up, and returns a frozen copy; the caller's object is never changed. */
export function resolveOptions<User>(options: TwoStepOptions<User>): ResolvedOptions<User> {
  if (options === null || typeof options !== 'object') {
    fail('createTwoStep(options) needs an options object with at least `secret` and `users`.');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      fail(`unknown option "${key}". Known options: ${[...KNOWN_OPTIONS].join(', ')}. Check the spelling.`);
    }
  }

  const { secret } = options;
  if (typeof secret !== 'string' || secret.length === 0) {
    fail('`secret` is required: pass at least 32 random bytes, for example `process.env.TWOSTEP_SECRET` set to the output of `openssl rand -base64 48`.');
  }
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    fail(`\`secret\` is ${Buffer.byteLength(secret, 'utf8')} bytes; it must be at least ${MIN_SECRET_BYTES}. Generate one with \`openssl rand -base64 48\`.`);
  }

  const users = options.users as UserAdapter<User> | undefined;
  if (!users || typeof users !== 'object' || typeof users.id !== 'function') {
    fail('`users.id` is required: a function that returns the id of a signed-in user, for example `users: { id: (user) => user.id }`.');
  }
  for (const key of Object.keys(users)) {
    if (!['id', 'label', 'verifyPassword', 'email', 'phone', 'load'].includes(key)) {
      fail(`unknown option "users.${key}". Known: id, label, verifyPassword, email, phone, load.`);
    }
    optionalFunction(`users.${key}`, (users as unknown as Record<string, unknown>)[key]);
  }

  const issuer = options.issuer ?? 'twostep';
  if (typeof issuer !== 'string' || issuer.trim() === '' || issuer.includes(':')) {
    fail(`\`issuer\` must be a non-empty name without ":" (authenticator apps split on it), got ${show(issuer)}.`);
  }

  const lockout = options.lockout ?? {};
  if (typeof lockout !== 'object' || lockout === null) fail(`\`lockout\` must be an object like { maxAttempts: 5, lockSeconds: 1800 }, got ${show(lockout)}.`);
  for (const key of Object.keys(lockout)) {
    if (key !== 'maxAttempts' && key !== 'lockSeconds') fail(`unknown option "lockout.${key}". Known: maxAttempts, lockSeconds.`);
  }

  const pages = options.pages ?? {};
  if (typeof pages !== 'object' || pages === null) fail(`\`pages\` must be an object of render functions, got ${show(pages)}.`);
  for (const [key, value] of Object.entries(pages)) optionalFunction(`pages.${key}`, value);

  const texts = resolveTexts(options.texts, fail);
  const lang = options.lang ?? 'en';
  if (typeof lang !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) {
    fail(`\`lang\` must be a language tag like "en" or "de-CH", got ${show(lang)}.`);
  }
  optionalFunction('now', options.now);
  const delivery = knownKeys('delivery', options.delivery, ['email', 'sms']) as DeliveryOptions;
  optionalFunction('delivery.email', delivery.email);
  optionalFunction('delivery.sms', delivery.sms);
  const codes = knownKeys('codes', options.codes, ['ttlSeconds', 'cooldownSeconds', 'maxSendsPerHour']) as CodeOptions;
  optionalFunction('allowedMethods', options.allowedMethods);
  const country = options.defaultPhoneCountry;
  if (country !== undefined && (typeof country !== 'string' || !isSupportedCountry(country))) {
    fail(`defaultPhoneCountry must be a two-letter country code like "GB" or "US", got ${show(country)}.`);
  }
  const notifications = resolveNotifications(options.notifications, delivery);
  optionalFunction('policy', options.policy);

  const trustedDevices = options.trustedDevices ?? {};
  if (typeof trustedDevices !== 'object' || trustedDevices === null) fail(`\`trustedDevices\` must be an object like { maxAgeSeconds: 2592000 }, got ${show(trustedDevices)}.`);
  for (const key of Object.keys(trustedDevices)) {
    if (key !== 'maxAgeSeconds' && key !== 'automatic') fail(`unknown option "trustedDevices.${key}". Known: maxAgeSeconds, automatic.`);
  }
  optionalFunction('trustedDevices.automatic', trustedDevices.automatic);

  const setupPrompt = options.setupPrompt ?? true;
  if (typeof setupPrompt !== 'boolean') fail(`\`setupPrompt\` must be true or false (false never offers setup to optional users), got ${show(setupPrompt)}.`);

  const labelOf = users.label ?? ((user: User) => String(users.id(user)));
  return Object.freeze({
    secret,
    users: Object.freeze({ ...users, label: labelOf }),
    issuer,
    mountPath: localPath('mountPath', options.mountPath, '/2fa'),
    loginPath: localPath('loginPath', options.loginPath, '/login'),
    successRedirect: localPath('successRedirect', options.successRedirect, '/'),
    lockout: Object.freeze({
      maxAttempts: positiveInteger('lockout.maxAttempts', lockout.maxAttempts, 5, 100),
      lockSeconds: positiveInteger('lockout.lockSeconds', lockout.lockSeconds, 1800, 86_400 * 30),
    }),
    reverifySeconds: positiveInteger('reverifySeconds', options.reverifySeconds, 300, 86_400),
    bodyLimitBytes: positiveInteger('bodyLimitBytes', options.bodyLimitBytes, 16_384, 1_048_576),
    pages: Object.freeze({ ...pages }),
    texts,
    lang,
    now: options.now ?? systemClock,
    delivery: Object.freeze({ ...delivery }),
    codes: Object.freeze({
      ttlSeconds: positiveInteger('codes.ttlSeconds', codes.ttlSeconds, 600, 86_400),
      cooldownSeconds: positiveInteger('codes.cooldownSeconds', codes.cooldownSeconds, 30, 3600),
      maxSendsPerHour: positiveInteger('codes.maxSendsPerHour', codes.maxSendsPerHour, 10, 1000),
    }),
    allowedMethods: options.allowedMethods,
    defaultPhoneCountry: country,
    notifications,
    policy: options.policy ?? (() => 'optional'),
    skipNetworks: resolveSkipNetworks(options.skipNetworks),
    trustedDevices: Object.freeze({
      maxAgeSeconds: positiveInteger('trustedDevices.maxAgeSeconds', trustedDevices.maxAgeSeconds, 2_592_000, 86_400 * 400),
      automatic: trustedDevices.automatic,
    }),
    setupPrompt,
  });
}

function knownKeys(name: string, value: unknown, known: string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`\`${name}\` must be an object, got ${show(value)}.`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`unknown option "${name}.${key}". Known: ${known.join(', ')}.`);
  }
  return value as Record<string, unknown>;
}

function resolveNotifications(value: unknown, delivery: DeliveryOptions): false | Readonly<NotificationOptions> {
  if (value === false) return false;
  const options = knownKeys('notifications', value, ['templates']) as NotificationOptions;
  if (value !== undefined && !delivery.email) {
    fail('`notifications` are sent by email: set `delivery.email` (for example `smtpEmail(...)`), or pass `notifications: false`.');
  }
  const templates = knownKeys('notifications.templates', options.templates, [...NOTIFICATION_KINDS]);
  for (const [key, template] of Object.entries(templates)) {
    if (template !== false) optionalFunction(`notifications.templates.${key}`, template);
  }
  // With no email transport there is nothing to send with: off, quietly.
  if (!delivery.email) return false;
  return Object.freeze({ ...options, templates: Object.freeze({ ...templates }) });
}

function resolveSkipNetworks<User>(value: SkipNetworks<User> | undefined): ResolvedOptions<User>['skipNetworks'] {
  if (value === undefined) return null;
  if (typeof value === 'function') return value;
  if (!Array.isArray(value)) fail(`\`skipNetworks\` must be an array of CIDR ranges like ["10.20.0.0/16"] or a function (user, req) => ranges, got ${show(value)}.`);
  if (value.length === 0) return null;
  try {
    return compileNetworks(value);
  } catch (error) {
    fail(`\`skipNetworks\`: ${(error as Error).message}.`);
  }
}
