/**
 * `twoStep.adminRouter({ authorize })`: the admin API and pages, mounted by the app where it
 * likes (`app.use('/admin/2fa', twoStep.adminRouter({ authorize }))`, after `app.use(twoStep)`).
 * Every route needs a verified session and an `authorize(req)` that names the organisation
 * (or the user's organisation); every change also needs CSRF protection (twostep's token, as
 * on its own routes) and a recent real second factor. The routes act through the same public
 * functions an app's own admin code calls, so each change fires the same events, with the
 * administrator's id.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import { TwoStepConfigError } from '../errors.js';
import { twoStepRouter } from './forward-rejections.js';
import type { HttpContext } from './http-context.js';
import { readRequest } from './middleware/read-request.js';
import { sendError } from './respond/send-error.js';
import type { AdminAuthorize } from './routes/admin-access.js';
import { mountAdminHomeRoute } from './routes/admin-home-route.js';
import { establishScope } from './routes/admin-scope.js';
import type { AdminServices } from './routes/admin-services.js';
import { mountAdminSettingsRoutes } from './routes/admin-settings-routes.js';
import { mountAdminUserRoutes } from './routes/admin-user-routes.js';
import { MAX_SKIP_NETWORKS } from '../core/organisation-settings-check.js';

/**
 * The largest body a valid settings change can be: `MAX_SKIP_NETWORKS` of the longest network
 * there is (`ffff:…:ffff/128`, 43 characters, 65 bytes as a form line: `:` and `/` are
 * percent-encoded, the line break is `%0D%0A`), with room for the other fields. The default
 * `bodyLimitBytes` (16 KiB) holds about 250 such lines, so the admin routes take this or
 * `bodyLimitBytes`, whichever is larger: the limit that is valid may always be typed.
 */
export const ADMIN_BODY_LIMIT_BYTES = MAX_SKIP_NETWORKS * 65 + 16_384;

export interface AdminRouterOptions {
  /**
   * Who may administer what, asked on every request: `false` (nobody: 403), `true` (every
   * organisation) or the ids of the organisations this person administers, as
   * `users.organisations` names them. May return a promise. Throwing refuses (503).
   */
  authorize: AdminAuthorize;
}

const NEEDED_USER_CALLBACKS = [
  ['organisations', 'users.organisations(user) → [{ id, roles? }]: which organisations a user is in, so an administrator sees only their own'],
  ['load', 'users.load(id) → the user: to find the user an admin page is about'],
  ['list', 'users.list({ organisation, query, cursor, limit }) → { users: [{ id, label }], next }: the users of an organisation, for the user list'],
] as const;

/** Checks what the admin router needs once, when the app creates it; the messages say the fix. */
function checkAdminOptions(ctx: HttpContext, options: unknown): AdminRouterOptions {
  if (typeof options !== 'object' || options === null || typeof (options as AdminRouterOptions).authorize !== 'function') {
    throw new TwoStepConfigError('twoStep.adminRouter({ authorize }) needs `authorize`: a function of the request returning false, true (every organisation) or the ids of the organisations this person administers, like (req) => req.user.adminOf.');
  }
  const unknown = Object.keys(options).filter((key) => key !== 'authorize');
  if (unknown.length > 0) throw new TwoStepConfigError(`twoStep.adminRouter: unknown option ${unknown.map((k) => `"${k}"`).join(', ')}. Known: authorize.`);
  const missing = NEEDED_USER_CALLBACKS.filter(([name]) => typeof (ctx.options.users as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) {
    throw new TwoStepConfigError(`twoStep.adminRouter needs these in createTwoStep({ users }): ${missing.map(([, why]) => why).join('; ')}. See docs/administration.md.`);
  }
  if (!ctx.organisationSettings) {
    throw new TwoStepConfigError('twoStep.adminRouter needs a settings store: pass `organisationSettings` (postgresOrganisationSettings(pool)) to createTwoStep.');
  }
  return { authorize: (options as AdminRouterOptions).authorize };
}

export function createAdminRouter(ctx: HttpContext, services: Omit<AdminServices, 'authorize'>): (options: AdminRouterOptions) => Router {
  return function adminRouter(options: AdminRouterOptions): Router {
    const { authorize } = checkAdminOptions(ctx, options);
    const all: AdminServices = { ...services, authorize };
    const router = twoStepRouter();
    router.use(readRequest(ctx, Math.max(ctx.options.bodyLimitBytes, ADMIN_BODY_LIMIT_BYTES)));
    router.use(establishScope(ctx, authorize));
    mountAdminHomeRoute(router, ctx);
    mountAdminSettingsRoutes(router, ctx, all);
    mountAdminUserRoutes(router, ctx, all);
    router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => sendError(req, res, ctx, error));
    return router;
  };
}
