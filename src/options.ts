import { systemClock } from './clock.js';
import { isSupportedCountry } from 'libphonenumber-js';
import type { DeliveryOptions } from './delivery/types.js';
import { NOTIFICATION_KINDS, type NotificationOptions, type ResolvedNotifications } from './notifications/templates.js';
import { resolveNewSignIn } from './notifications/new-sign-in-options.js';
import type { NewSignInSettings } from './core/core-options.js';
import { APP_CSRF_FIELD, APP_CSRF_HEADER, CSRF_FIELD, CSRF_HEADER } from './pages/csrf-names.js';
import { resolveLanguages } from './language-options.js';
import { resolveSupport } from './support-option.js';
import { compileNetworks } from './core/network-ranges.js';
import { resolveWebAuthnOptions } from './methods/webauthn-options.js';
import { resolveTotpOptions } from './methods/totp-settings.js';
import { fail, knownKeys, localPath, optionalFunction, positiveInteger, show } from './option-checks.js';
import type { TwoStepMetrics } from './metrics/types.js';
import type { AddressLimitOptions, CodeOptions, ResolvedOptions, SkipNetworks, TwoStepOptions, UserAdapter } from './options-types.js';

export type {
  AddressLimitOptions, CodeOptions, LockoutOptions, OrganisationSettingsCacheOptions, PolicyFunction, ResolvedOptions, SkipNetworks, TrustedDeviceOptions, TwoStepOptions, UserAdapter,
} from './options-types.js';

const KNOWN_OPTIONS = new Set([
  'secret', 'store', 'enrolments', 'organisationSettings', 'organisationSettingsCache', 'users', 'issuer', 'mountPath', 'loginPath', 'successRedirect', 'logoutPath', 'appName', 'homePath', 'support',
  'lockout', 'reverifySeconds', 'pendingSeconds', 'pendingMaxSeconds', 'bodyLimitBytes', 'pages', 'texts', 'lang', 'languages', 'now', 'delivery', 'codes', 'allowedMethods',
  'defaultPhoneCountry', 'notifications', 'policy', 'skipNetworks', 'trustedDevices', 'setupPrompt',
  'sessionMaxAgeSeconds', 'webauthn', 'addressLimit', 'dangerouslyDisableAddressLimit', 'appCsrf', 'totp', 'metrics',
]);
const MIN_SECRET_BYTES = 32;

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
    if (!['id', 'label', 'verifyPassword', 'email', 'phone', 'load', 'twoFactorEnabled', 'organisations', 'language', 'list'].includes(key)) {
      fail(`unknown option "users.${key}". Known: id, label, verifyPassword, email, phone, load, twoFactorEnabled, organisations, language, list.`);
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

  const languages = resolveLanguages(options.lang, options.texts, options.languages);
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
  const mountPath = localPath('mountPath', options.mountPath, '/2fa');
  const webauthn = resolveWebAuthnOptions(options.webauthn);
  const { notifications, newSignIn } = resolveNotifications(options.notifications, delivery, mountPath, webauthn?.origins[0]);
  optionalFunction('policy', options.policy);

  const trustedDevices = options.trustedDevices ?? {};
  if (typeof trustedDevices !== 'object' || trustedDevices === null) fail(`\`trustedDevices\` must be an object like { maxAgeSeconds: 2592000 }, got ${show(trustedDevices)}.`);
  for (const key of Object.keys(trustedDevices)) {
    if (key !== 'maxAgeSeconds' && key !== 'automatic') fail(`unknown option "trustedDevices.${key}". Known: maxAgeSeconds, automatic.`);
  }
  optionalFunction('trustedDevices.automatic', trustedDevices.automatic);

  const setupPrompt = options.setupPrompt ?? true;
  if (typeof setupPrompt !== 'boolean') fail(`\`setupPrompt\` must be true or false (false never offers setup to optional users), got ${show(setupPrompt)}.`);

  const appName = options.appName;
  if (appName !== undefined && (typeof appName !== 'string' || appName.trim() === '')) {
    fail(`\`appName\` must be the app's name as people know it, like "Riverside Clinic", got ${show(appName)}.`);
  }
  const logoutPath = options.logoutPath === false ? false : localPath('logoutPath', options.logoutPath, '/logout');
  const successRedirect = localPath('successRedirect', options.successRedirect, '/');
  const loginPaths = signInPaths(options.loginPath);

  const pendingSeconds = positiveInteger('pendingSeconds', options.pendingSeconds, 600, 86_400);

  const labelOf = users.label ?? ((user: User) => String(users.id(user)));
  return Object.freeze({
    secret,
    users: Object.freeze({ ...users, label: labelOf }),
    issuer,
    mountPath,
    loginPath: loginPaths[0]!,
    loginPaths,
    successRedirect,
    logoutPath,
    appName,
    support: resolveSupport(options.support),
    homePath: localPath('homePath', options.homePath, successRedirect),
    lockout: Object.freeze({
      maxAttempts: positiveInteger('lockout.maxAttempts', lockout.maxAttempts, 5, 100),
      lockSeconds: positiveInteger('lockout.lockSeconds', lockout.lockSeconds, 1800, 86_400 * 30),
    }),
    reverifySeconds: positiveInteger('reverifySeconds', options.reverifySeconds, 300, 86_400),
    pendingSeconds,
    pendingMaxSeconds: pendingMaxSecondsOf(options.pendingMaxSeconds, pendingSeconds),
    bodyLimitBytes: positiveInteger('bodyLimitBytes', options.bodyLimitBytes, 16_384, 1_048_576),
    pages: Object.freeze({ ...pages }),
    languages,
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
    newSignIn,
    policy: options.policy ?? (() => 'optional'),
    skipNetworks: resolveSkipNetworks(options.skipNetworks),
    trustedDevices: Object.freeze({
      maxAgeSeconds: positiveInteger('trustedDevices.maxAgeSeconds', trustedDevices.maxAgeSeconds, 2_592_000, 86_400 * 400),
      automatic: trustedDevices.automatic,
    }),
    setupPrompt,
    organisationSettingsCache: resolveSettingsCache(options.organisationSettingsCache),
    sessionMaxAgeSeconds: positiveInteger('sessionMaxAgeSeconds', options.sessionMaxAgeSeconds, 2_592_000, 86_400 * 400),
    webauthn,
    totp: resolveTotpOptions(options.totp),
    addressLimit: resolveAddressLimit(options.addressLimit, options.dangerouslyDisableAddressLimit),
    appCsrf: resolveAppCsrf(options.appCsrf),
    metrics: resolveMetrics(options.metrics),
  });
}

/**
 * The `metrics` adapter: anything with `count` and `observe`. The usual mistakes are passing
 * the factory itself or the library's registry or meter, so the message shows the call.
 */
function resolveMetrics(value: unknown): TwoStepMetrics | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<TwoStepMetrics> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.count !== 'function' || typeof candidate.observe !== 'function') {
    fail(
      `\`metrics\` must be an adapter with count() and observe(), got ${describeMetrics(value)}. ` +
        "Call one from 'twostep/metrics': `metrics: prometheusMetrics({ registry })` or `metrics: openTelemetryMetrics({ meter })` (docs/metrics.md).",
    );
  }
  return candidate as TwoStepMetrics;
}

/** A registry or meter may be large or circular: name its kind, not its contents. */
function describeMetrics(value: unknown): string {
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'}): call it`;
  if (typeof value !== 'object' || value === null) return show(value);
  const kind = value.constructor && value.constructor !== Object ? `a ${value.constructor.name}` : 'an object';
  return `${kind} with ${Object.keys(value).slice(0, 5).join(', ') || 'no own keys'}`;
}

/** `organisationSettingsCache`: bounded in size and in age (a stale entry decides who skips the second factor). */
function resolveSettingsCache(value: unknown): ResolvedOptions['organisationSettingsCache'] {
  const given = knownKeys('organisationSettingsCache', value, ['maxEntries', 'maxAgeSeconds']);
  return Object.freeze({
    maxEntries: positiveInteger('organisationSettingsCache.maxEntries', given.maxEntries, 10_000, 1_000_000),
    maxAgeSeconds: given.maxAgeSeconds === undefined ? undefined : positiveInteger('organisationSettingsCache.maxAgeSeconds', given.maxAgeSeconds, 60, 3600),
  });
}

/** The limit per client address: on unless explicitly, and unambiguously, turned off. */
function resolveAddressLimit(value: unknown, disable: unknown): ResolvedOptions['addressLimit'] {
  if (disable !== undefined && typeof disable !== 'boolean') {
    fail(`\`dangerouslyDisableAddressLimit\` must be true or false, got ${show(disable)}.`);
  }
  const limit = knownKeys('addressLimit', value, ['windowSeconds', 'wrongAnswers', 'sends', 'passkeyOptions', 'passkeyFailuresPerHandle']) as AddressLimitOptions;
  if (disable === true) {
    if (value !== undefined) fail('`addressLimit` and `dangerouslyDisableAddressLimit: true` contradict each other: drop one of them.');
    return null;
  }
  return Object.freeze({
    windowSeconds: positiveInteger('addressLimit.windowSeconds', limit.windowSeconds, 900, 86_400),
    wrongAnswers: positiveInteger('addressLimit.wrongAnswers', limit.wrongAnswers, 50, 1_000_000),
    sends: positiveInteger('addressLimit.sends', limit.sends, 50, 1_000_000),
    passkeyOptions: positiveInteger('addressLimit.passkeyOptions', limit.passkeyOptions, 300, 1_000_000),
    passkeyFailuresPerHandle: positiveInteger('addressLimit.passkeyFailuresPerHandle', limit.passkeyFailuresPerHandle, 50, 1_000_000),
  });
}

/** A form field name as browsers send it and body parsers read it flat. */
const FIELD_NAME = /^[A-Za-z_][\w.-]{0,63}$/;
/** An HTTP header name (a token), short enough to be a real one. */
const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

/** `appCsrf`: the names the app's CSRF middleware reads; never twostep's own, or both checks would read one token. */
function resolveAppCsrf(value: unknown): Readonly<{ field: string; header: string }> {
  const given = knownKeys('appCsrf', value, ['field', 'header']);
  const field = given.field ?? APP_CSRF_FIELD;
  const header = given.header ?? APP_CSRF_HEADER;
  if (typeof field !== 'string' || !FIELD_NAME.test(field)) {
    fail(`appCsrf.field must be the form field your CSRF middleware reads its token from, like "_csrf" (letters, digits, "_", "." or "-"), got ${show(field)}.`);
  }
  if (field === CSRF_FIELD) fail(`appCsrf.field cannot be "${CSRF_FIELD}": that is twostep's own token. Name the field your CSRF middleware reads, like "_csrf".`);
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    fail(`appCsrf.header must be the header your CSRF middleware reads its token from, like "X-CSRF-Token", got ${show(header)}.`);
  }
  if (header.toLowerCase() === CSRF_HEADER.toLowerCase()) fail(`appCsrf.header cannot be "${CSRF_HEADER}": that is twostep's own token. Name the header your CSRF middleware reads, like "X-CSRF-Token".`);
  return Object.freeze({ field, header });
}


/** `notifications`: on by default with an email transport; `newSignIn` only when asked for. */
function resolveNotifications(
  value: unknown, delivery: DeliveryOptions, mountPath: string, webauthnOrigin: string | undefined,
): { notifications: false | Readonly<ResolvedNotifications>; newSignIn: Readonly<NewSignInSettings> | null } {
  if (value === false) return { notifications: false, newSignIn: null };
  const options = knownKeys('notifications', value, ['templates', 'newSignIn']) as NotificationOptions;
  if (value !== undefined && !delivery.email) {
    fail('`notifications` are sent by email: set `delivery.email` (for example `smtpEmail(...)`), or pass `notifications: false`.');
  }
  const templates = knownKeys('notifications.templates', options.templates, [...NOTIFICATION_KINDS]);
  for (const [key, template] of Object.entries(templates)) {
    if (template !== false) optionalFunction(`notifications.templates.${key}`, template);
  }
  const newSignIn = resolveNewSignIn(options.newSignIn, mountPath, webauthnOrigin);
  // With no email transport there is nothing to send with: off, quietly.
  if (!delivery.email) return { notifications: false, newSignIn: null };
  return {
    notifications: Object.freeze({ templates: Object.freeze({ ...templates }), newSignInLinks: newSignIn?.links ?? null }),
    newSignIn: newSignIn?.settings ?? null,
  };
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

/** `loginPath`: one path, or the page and the paths its form posts to (at least one). */
function signInPaths(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return Object.freeze([localPath('loginPath', value, '/login')]);
  if (value.length === 0) fail('loginPath must name at least one path, like "/login" or ["/login", "/login/password"], got [].');
  return Object.freeze(value.map((path, index) => localPath(`loginPath[${index}]`, path, '/login')));
}

/**
 * The cap on a half-finished sign-in kept alive by resent codes (`core/sign-in-lifetime.ts`).
 * Defaults to 30 minutes, or to `pendingSeconds` when that is longer, so raising only
 * `pendingSeconds` keeps working; a cap below `pendingSeconds` could never apply.
 */
function pendingMaxSecondsOf(value: unknown, pendingSeconds: number): number {
  const max = positiveInteger('pendingMaxSeconds', value, Math.max(1800, pendingSeconds), 86_400);
  if (max < pendingSeconds) {
    fail(`pendingMaxSeconds (${max}) must be at least pendingSeconds (${pendingSeconds}): it caps how long resent codes can keep a sign-in going.`);
  }
  return max;
}
