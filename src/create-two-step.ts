import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { createAdmin, type TwoStepAdmin } from './core/admin.js';
import { sendPurposeCode, verifyPurposeCode, type SendCodeOptions, type SendCodeResult } from './core/purpose-codes.js';
import { deriveKeys } from './crypto/keys.js';
import { createEventBus, type EventBus } from './events.js';
import { createChallenge } from './http/middleware/challenge.js';
import { createGate } from './http/middleware/gate.js';
import type { HttpContext } from './http/http-context.js';
import { createNetworkResolver } from './http/request/network-skip.js';
import { createRouter } from './http/router.js';
import { createAdminRouter, type AdminRouterOptions } from './http/admin-router.js';
import { forwardRejection } from './http/forward-rejections.js';
import { createRequire, type RequireOptions } from './http/middleware/step-up.js';
import { revokeAllDevices } from './core/trusted-device.js';
import { createStrategy, type TwoStepStrategy } from './http/passport/strategy.js';
import { createCompleteLogin } from './http/passport/complete-login.js';
import { createClaims } from './http/session/claims.js';
import type { StandardClaims } from './core/standard-claims.js';
import { createPasskeyLogin, type PasskeyLoginOptions } from './http/middleware/passkey-login.js';
import { pageScript } from './pages/assets/served-assets.js';
import { resolveOptions, type ResolvedOptions, type TwoStepOptions } from './options.js';
import { subscribeNotifications } from './notifications/notifier.js';
import { defaultPages } from './pages/default-pages.js';
import { checkCsrf } from './http/middleware/csrf.js';
import { csrfToken } from './http/request/csrf-token.js';
import { sendError } from './http/respond/send-error.js';
import { memoryStore } from './backends/memory-store.js';
import type { TwoStepStore } from './backends/types.js';
import type { EnrolmentStore } from './enrolments/types.js';
import { TwoStepConfigError } from './errors.js';
import { organisationSettingsApi, type OrganisationSettingsApi } from './core/organisation-settings.js';
import { settingsOf } from './organisations/settings.js';
import type { OrganisationSettingsStore } from './organisations/types.js';
import { createSettingsCache, type OrganisationSettingsCache } from './organisations/settings-cache.js';
import { memorySettingsChangeFeed } from './organisations/memory-settings-feed.js';
import { guardedMetrics } from './metrics-feed/guarded-metrics.js';
import { countEvents } from './metrics-feed/event-counts.js';
import { markedRevocationFeed, timedCountersStore, timedEnrolments, timedSettings } from './metrics-feed/timed-stores.js';

const SETTINGS_METHODS = ['read', 'readMany', 'write', 'history'] as const;

/**
 * The `organisationSettings` option, or — when the app tells twostep its users'
 * organisations — the store's own backend. Null when neither: no organisation has a say.
 */
function resolveOrganisationSettings(given: OrganisationSettingsStore | undefined, store: TwoStepStore, membershipsGiven: boolean): OrganisationSettingsStore | null {
  const settings = given ?? (membershipsGiven ? store.defaultOrganisationSettings?.() : undefined);
  if (!settings) {
    if (membershipsGiven) {
      throw new TwoStepConfigError('`users.organisations` is set, but this store keeps no organisation settings: pass `organisationSettings`, for example postgresOrganisationSettings(pool).');
    }
    return null;
  }
  const missing = SETTINGS_METHODS.filter((name) => typeof (settings as unknown as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) {
    throw new TwoStepConfigError(`\`organisationSettings\` is missing ${missing.join(', ')}: a settings store implements ${SETTINGS_METHODS.join(', ')} (see docs/storage.md).`);
  }
  return settings;
}

const ENROLMENT_METHODS = ['read', 'write', 'replaceRecoveryCodes', 'consumeRecoveryCode', 'advanceTotpStep'] as const;

/** The `enrolments` option, or the store's own backend; checked once for the five methods. */
function resolveEnrolments(given: EnrolmentStore | undefined, store: TwoStepStore): EnrolmentStore {
  const enrolments = given ?? store.defaultEnrolments?.();
  if (!enrolments) {
    throw new TwoStepConfigError(
      'This store keeps no enrolment records: pass `enrolments`, for example createTwoStep({ store, enrolments: postgresEnrolments(pool) }).',
    );
  }
  const missing = ENROLMENT_METHODS.filter((name) => typeof (enrolments as unknown as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) {
    throw new TwoStepConfigError(
      `\`enrolments\` is missing ${missing.join(', ')}: an enrolment store implements ${ENROLMENT_METHODS.join(', ')} (see the README's "Writing an enrolment store").`,
    );
  }
  return enrolments;
}
import { memoryRevocationFeed } from './revocation/memory-feed.js';
import { createRevocationList } from './revocation/revocation-list.js';
import { revokeSessions, type RevokeSessionsOptions, type RevokeSessionsResult } from './core/revoke-sessions.js';

/** `app.use(twoStep)` — plus everything an app calls on it. */
export interface TwoStep extends RequestHandler {
  /** Add after the first factor on a login route: starts the second step at once. */
  challenge(): RequestHandler;
  /**
   * `passport.use(twoStep.strategy)`, then `passport.authenticate('twostep'), twoStep.completeLogin()`
   * on a route under the mount path. Only calls Passport's success, fail or error.
   */
  readonly strategy: TwoStepStrategy;
  /**
   * After `passport.authenticate('twostep')`: records the verification in the session
   * Passport's login produced, fires `verified` and remembers the device. Sets
   * `res.locals.twoStepRedirect` to where the user was going.
   */
  completeLogin(): RequestHandler;
  /** Subscribe to audit events; returns a function that unsubscribes. */
  on: EventBus['on'];
  /** For the app's own admin pages: status, reset, unlock, revokeDevices. */
  readonly admin: TwoStepAdmin;
  /**
   * Organisation settings, for the app's own admin code: `get(orgId)`, `update(orgId,
   * changes, { by })` (checked whole, `400 invalid_settings` naming each bad field, nothing
   * saved; fires `settings.changed`), `history(orgId)`. Needs `organisationSettings` or
   * `users.organisations`.
   */
  readonly organisations: OrganisationSettingsApi;
  /**
   * Checks the stores are fit for use (the enrolment tables exist; a Redis that keeps
   * enrolments does not evict them). Await it at start-up to fail fast; until it passes,
   * a store that is not fit refuses sign-ins with 503.
   */
  ready(): Promise<void>;
  /**
   * Sends a code for the app's own purpose (such as 'password-reset') to one of the user's
   * verified email/SMS methods. Cooldown, hourly cap and `allowedMethods` apply.
   */
  sendCode(user: unknown, options: SendCodeOptions): Promise<SendCodeResult>;
  /** Checks a code sent by `sendCode` for the same purpose; the sign-in lockout applies. Throws a `TwoStepError` otherwise. */
  verifyCode(user: unknown, options: { purpose: string; code: unknown; ip?: string }): Promise<{ verified: true }>;
  /** Step-up for a sensitive route: a real second factor within `maxAgeSeconds` (not an IP or device skip). */
  require(options: RequireOptions): RequestHandler;
  /**
   * How this request's user signed in, for an app that issues OpenID Connect tokens:
   * `{ amr, acr, authTime }` — RFC 8176 `amr` values, a NIST SP 800-63B level as `acr`,
   * seconds since the epoch — or null unless the session is fully signed in (anonymous,
   * pending or in forced setup). See docs/standard-claims.md.
   */
  claims(req: Request): StandardClaims | null;
  /**
   * twostep's token, for a form of the app's own guarded by `csrfProtection` (a hidden field
   * named `_twostep_csrf`, or the `X-TwoStep-CSRF` header), or for a custom page that replaces
   * a built-in one. It is bound to the session id, so it changes at sign-in. Its names are
   * twostep's own so that the app's CSRF middleware keeps `_csrf` (docs/existing-apps.md).
   */
  csrfToken(req: Request): string;
  /**
   * Middleware refusing cross-site form posts on the app's own routes with `403 csrf_failed`
   * (the 2FA routes are already protected). Put it after a body parser.
   */
  readonly csrfProtection: RequestHandler;
  /**
   * Passkey sign-in without a password (discoverable credential + user verification), for
   * `app.use('/login/passkey', twoStep.passkeyLogin())`. Needs `webauthn` and `users.load`.
   */
  passkeyLogin(options?: PasskeyLoginOptions): Router;
  /**
   * The URL of the pages' script, for an app's own sign-in page offering passkey sign-in: a
   * form posting to the passkeyLogin() route with a `button[data-webauthn="get"]` whose
   * `data-options` is that route's `/options` (see the README). Allowed by a `script-src 'self'` CSP.
   */
  readonly scriptUrl: string;
  /**
   * Call when a user's password changes: every remembered device is forgotten (returns how
   * many) and every session of the user is signed out, in every process — except the one
   * named by `exceptSessionId` (pass `req.sessionID` when the user changed it themselves).
   */
  passwordChanged(userId: string | number, options?: { exceptSessionId?: string; ip?: string }): Promise<number>;
  /**
   * Sign out everywhere: every session of the user signed in until now is refused on its
   * next request, in every process, and its session data destroyed (pages are sent to
   * `loginPath`, APIs get `401 session_revoked`). `exceptSessionId` keeps one session.
   */
  revokeSessions(userId: string | number, options: RevokeSessionsOptions): Promise<RevokeSessionsResult>;
  /**
   * For a health check: `live` while this process receives every revocation as it happens
   * (verified requests cost no store command); false while it falls back to one store
   * command per verified request. `remembered` revocations are in this process's memory.
   */
  revocationStatus(): { live: boolean; remembered: number };
  /**
   * The admin API and pages, for `app.use('/admin/2fa', twoStep.adminRouter({ authorize }))`
   * after `app.use(twoStep)`: organisation settings and their history, the users with reset,
   * unlock, sign out everywhere and forget remembered browsers. `authorize(req)` answers
   * false, true (every organisation) or the organisation ids this person administers. Needs
   * `users.organisations`, `users.load` and `users.list` (docs/administration.md).
   */
  adminRouter(options: AdminRouterOptions): Router;
  /** Stops listening for revocations and settings changes (the subscriber connection); the store and your Redis client stay open. */
  close(): Promise<void>;
}

/** What a test looks at behind the public face (`internalsOf` in `twostep/testing`). */
export interface TwoStepInternals {
  readonly store: TwoStepStore;
  readonly enrolments: EnrolmentStore;
  /** The options as resolved: defaults filled in, frozen. */
  readonly options: ResolvedOptions;
  /** This process's organisation settings cache; null when no organisation has a say. */
  readonly settingsCache: OrganisationSettingsCache | null;
}

const internals = new WeakMap<TwoStep, TwoStepInternals>();

/** The stores and resolved options of a `createTwoStep()` result; for tests, not for apps. */
export function internalsOf(twoStep: TwoStep): TwoStepInternals {
  const found = internals.get(twoStep);
  if (!found) throw new TypeError('internalsOf() takes what createTwoStep() returned.');
  return found;
}

/**
 * Validates the options once, wires them to the parts, and returns the middleware that
 * holds back half-signed-in sessions and serves the routes under `mountPath`.
 */
export function createTwoStep<User = any>(options: TwoStepOptions<User>): TwoStep {
  const resolved = resolveOptions(options);
  const store = options.store ?? memoryStore();
  if (resolved.newSignIn !== null && typeof (store as Partial<TwoStepStore>).noteSignIn !== 'function') {
    // A counters store written before new-sign-in alerts: refuse now rather than lose every alert quietly.
    throw new TwoStepConfigError('notifications.newSignIn needs the store\'s noteSignIn(), which this store does not have: add it to your store (docs/storage.md, "Upgrading custom counters stores: noteSignIn") or use redisStore(client).');
  }
  const enrolments = resolveEnrolments(options.enrolments, store);
  const events = createEventBus((error, name) => {
    console.error(`twostep: a listener for "${name}" threw; the sign-in went on`, error);
  });
  // Metrics are fed here and only here: the events, the backends' calls (timed), and the 503
  // answers (`sendError`). Without the option nothing is wrapped, so nothing costs anything.
  const metrics = resolved.metrics && guardedMetrics(resolved.metrics);
  if (metrics) countEvents(events, metrics);
  // A store without a feed (a custom one) still revokes, within this one process.
  const feed = store.revocations && metrics ? markedRevocationFeed(store.revocations) : store.revocations;
  const revocations = createRevocationList(feed ?? memoryRevocationFeed(), {
    now: resolved.now,
    sessionMaxAgeSeconds: resolved.sessionMaxAgeSeconds,
  });
  const organisationSettings = resolveOrganisationSettings(options.organisationSettings, store, typeof resolved.users.organisations === 'function');
  const settingsUsed = organisationSettings && metrics ? timedSettings(organisationSettings, metrics) : organisationSettings;
  const settingsCache = settingsUsed && cacheOf(settingsUsed, store, resolved);
  const base = {
    options: resolved,
    store: metrics ? timedCountersStore(store, metrics) : store,
    enrolments: metrics ? timedEnrolments(enrolments, metrics) : enrolments,
    keys: deriveKeys(resolved.secret), events, revocations, organisationSettings: settingsCache,
    ...(metrics ? { metrics } : {}),
  };
  const ctx: HttpContext<User> = {
    ...base,
    pages: { ...defaultPages, ...resolved.pages },
    fromTrustedNetwork: createNetworkResolver(base),
  };

  subscribeNotifications(ctx, resolved.notifications, resolved.languages);
  const gate = createGate(ctx);
  const router = createRouter(ctx);
  const challenge = createChallenge(ctx);
  const completeLogin = createCompleteLogin(ctx);
  const { mountPath } = resolved;

  const twoStep = function twoStep(req: Request, res: Response, next: NextFunction) {
    // The gate answers its own failures; this catch is for a failure while answering (a
    // custom page that throws), so no rejection is ever left unhandled.
    const held = gate(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.path !== mountPath && !req.path.startsWith(`${mountPath}/`)) return next();
      // Hand the router the path below the mount point, as app.use(mountPath, router) would.
      const originalUrl = req.url;
      const originalBase = req.baseUrl;
      req.url = req.url.slice(mountPath.length) || '/';
      if (!req.url.startsWith('/')) req.url = `/${req.url}`;
      req.baseUrl = `${originalBase}${mountPath}`;
      router(req, res, (routerError?: unknown) => {
        req.url = originalUrl;
        req.baseUrl = originalBase;
        next(routerError);
      });
    });
    if (held) held.catch(next);
  } as TwoStep;

  const admin = createAdmin(ctx);
  const organisations = organisationsApi(settingsUsed, settingsCache, resolved.now, events);
  const revokeUserSessions = (userId: string | number, revokeOptions: RevokeSessionsOptions) => revokeSessions(ctx, userId, revokeOptions);

  Object.assign(twoStep, {
    // The app mounts these itself: like every route of the router, they forward a rejection.
    challenge: () => forwardRejection(challenge()),
    strategy: createStrategy(ctx),
    completeLogin: () => forwardRejection(completeLogin()),
    on: events.on,
    admin,
    organisations,
    adminRouter: createAdminRouter(ctx, { admin, organisations, revokeSessions: revokeUserSessions }),
    ready: async () => {
      await store.prepare?.();
      await enrolments.prepare?.();
      await organisationSettings?.prepare?.();
    },
    sendCode: (user: unknown, sendOptions: SendCodeOptions) => sendPurposeCode(ctx, user, sendOptions),
    verifyCode: (user: unknown, verifyOptions: { purpose: string; code: unknown; ip?: string }) => verifyPurposeCode(ctx, user, verifyOptions),
    require: createRequire(ctx),
    claims: createClaims(ctx),
    passkeyLogin: createPasskeyLogin(ctx),
    scriptUrl: `${mountPath}/assets/${pageScript.name}`,
    passwordChanged: async (userId: string | number, changed: { exceptSessionId?: string; ip?: string } = {}) => {
      const forgotten = await revokeAllDevices(ctx, { userId: String(userId), ip: changed.ip });
      await revokeSessions(ctx, userId, { reason: 'password.changed', ...changed });
      return forgotten;
    },
    revokeSessions: revokeUserSessions,
    revocationStatus: () => ({ live: revocations.live, remembered: revocations.size }),
    close: async () => {
      await Promise.all([revocations.close(), settingsCache?.close()]);
    },
    csrfToken: (req: Request) => csrfToken(ctx, req),
    csrfProtection: (req: Request, res: Response, next: NextFunction) => {
      try {
        checkCsrf(ctx, req);
      } catch (error) {
        return sendError(req, res, ctx, error);
      }
      next();
    },
  });
  internals.set(twoStep, { store, enrolments, options: resolved, settingsCache });
  return twoStep;
}

/**
 * This process's cache of the settings, fed by the store's announcements. A store that
 * announces nothing to other processes gets a feed within this process, and its entries
 * live 1 s by default: then the bound on a change made elsewhere is the cache's age alone.
 */
function cacheOf(settings: OrganisationSettingsStore, store: TwoStepStore, resolved: ResolvedOptions): OrganisationSettingsCache {
  const feed = store.settingsChanges;
  const { maxEntries, maxAgeSeconds } = resolved.organisationSettingsCache;
  return createSettingsCache(settings, feed ?? memorySettingsChangeFeed(), {
    now: resolved.now, maxEntries, maxAgeMs: (maxAgeSeconds ?? (feed ? 60 : 1)) * 1000,
  });
}

/**
 * `twoStep.organisations`: the settings API. Reads and writes go to the store itself (an
 * administrator sees what is stored, and a change is computed on the newest version); each
 * change is made known to every process's cache, then announced with the administrator's id.
 */
function organisationsApi(store: OrganisationSettingsStore | null, cache: OrganisationSettingsCache | null, now: () => number, events: EventBus): OrganisationSettingsApi {
  if (!store) {
    const missing = async (): Promise<never> => {
      throw new TwoStepConfigError('twoStep.organisations needs a settings store: pass `organisationSettings` (postgresOrganisationSettings(pool)) or `users.organisations`.');
    };
    return { get: missing, update: missing, history: missing };
  }
  return organisationSettingsApi(store, now, async (orgId, before, after) => {
    await cache?.written(orgId, after.version);
    events.emit('settings.changed', {
      userId: after.updatedBy, at: after.updatedAt, outcome: 'success', orgId, version: after.version,
      before: before.version === 0 ? null : settingsOf(before), after: settingsOf(after),
    });
  });
}
