import type { Request, Response, Router } from 'express';
import { userSummary } from '../../core/admin.js';
import { TwoStepError } from '../../errors.js';
import type { AdminAction } from '../../pages/types.js';
import type { HttpContext } from '../http-context.js';
import { methodJson } from '../view-models/method-json.js';
import { wantsJson } from '../request/negotiate.js';
import { bodyOf, flag } from '../request/request-body.js';
import { queryParam } from '../request/query-param.js';
import { sendPage } from '../respond/send-page.js';
import { adminPageBase } from '../view-models/admin-page-base.js';
import { pathParam, requireOrganisation, requireUserInScope, type AdminScope } from './admin-access.js';
import { scopeOf } from './admin-scope.js';
import type { AdminServices } from './admin-services.js';
import { recentFactorOrAnswer } from './admin-step-up.js';
import { checkCursor, listUsers } from './admin-user-list.js';

const PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;
const MAX_QUERY_LENGTH = 100;
const ACTIONS: readonly AdminAction[] = ['reset', 'unlock', 'revoke-sessions', 'revoke-devices'];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `?org=`: named, or the one organisation this administrator has; every organisation for an administrator of all who names none. */
function organisationOf(req: Request, scope: AdminScope): string | undefined {
  const named = queryParam(req, 'org');
  if (named !== undefined && named !== '') {
    if (named.length > 200) throw new TwoStepError('invalid_request', 'That is not a valid organisation id.');
    requireOrganisation(scope, named);
    return named;
  }
  if (scope.all) return undefined;
  if (scope.orgIds.length === 1) return scope.orgIds[0];
  throw new TwoStepError('invalid_request', `Name the organisation whose users to list: ?org= one of ${scope.orgIds.join(', ')}.`);
}

function pageSize(req: Request): number {
  const given = queryParam(req, 'limit');
  if (given === undefined) return PAGE_SIZE;
  const n = /^\d{1,3}$/.test(given) ? Number(given) : NaN;
  if (!(n >= 1 && n <= MAX_PAGE_SIZE)) throw new TwoStepError('invalid_request', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  return n;
}

const withQuery = (path: string, params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();
  return search ? `${path}?${search}` : path;
};

/** The users: listed through `users.list`, one user's status, and the four actions. */
export function mountAdminUserRoutes(router: Router, ctx: HttpContext, services: AdminServices): void {
  const userPath = (req: Request, userId: string, org?: string) => withQuery(`${req.baseUrl}/users/${encodeURIComponent(userId)}`, { org });

  router.get('/users', async (req: Request, res: Response) => {
    const scope = scopeOf(req);
    const organisation = organisationOf(req, scope);
    const query = (queryParam(req, 'q') ?? '').trim();
    if (query.length > MAX_QUERY_LENGTH) throw new TwoStepError('invalid_request', `Search for at most ${MAX_QUERY_LENGTH} characters.`);
    const cursor = checkCursor(queryParam(req, 'cursor'));
    const limit = pageSize(req);
    const page = await listUsers(ctx, { organisation, query, cursor, limit });
    const rows = await Promise.all(page.users.map(async (u) => ({ ...u, ...(await userSummary(ctx, u.id)) })));
    if (wantsJson(req)) {
      return res.json({
        users: rows.map((r) => ({ id: r.id, label: r.label, enabled: r.enabled, methods: r.methods, lastVerifiedAt: iso(r.lastVerifiedAt), lockedUntil: iso(r.lockedUntil) })),
        next: page.next,
      });
    }
    const listPath = `${req.baseUrl}/users`;
    sendPage(res, ctx.pages.adminUsers({
      ...adminPageBase(ctx, req, organisation),
      query,
      users: rows.map((r) => ({ ...r, href: userPath(req, r.id, organisation) })),
      ...(page.next === null ? {} : { nextHref: withQuery(listPath, { org: organisation, q: query, cursor: page.next }) }),
      ...(cursor === undefined ? {} : { firstHref: withQuery(listPath, { org: organisation, q: query }) }),
    }));
  });

  router.get('/users/:userId', async (req: Request, res: Response) => {
    const target = await requireUserInScope(ctx, scopeOf(req), pathParam(req, 'userId', 'user id'));
    const status = await services.admin.status(target.userId);
    if (wantsJson(req)) {
      return res.json({
        id: target.userId, label: target.label, enabled: status.enabled, setupRequired: status.setupRequired, methods: status.methods.map(methodJson),
        recoveryCodesLeft: status.recoveryCodesLeft, lockedUntil: iso(status.lockedUntil), failures: status.failures, lastVerifiedAt: iso(status.lastVerifiedAt),
        devices: status.devices.map((d) => ({ id: d.id, label: d.label, createdAt: iso(d.createdAt), lastUsedAt: iso(d.lastUsedAt), expiresAt: iso(d.expiresAt) })),
      });
    }
    const org = queryParam(req, 'org');
    const done = queryParam(req, 'done');
    sendPage(res, ctx.pages.adminUser({
      ...adminPageBase(ctx, req, org || undefined),
      user: {
        id: target.userId, label: target.label, enabled: status.enabled, setupRequired: status.setupRequired, methods: status.methods,
        recoveryCodesLeft: status.recoveryCodesLeft, lockedUntil: status.lockedUntil, lastVerifiedAt: status.lastVerifiedAt, devices: status.devices.length,
      },
      ...(ACTIONS.includes(done as AdminAction) ? { done: done as AdminAction } : {}),
      backHref: withQuery(`${req.baseUrl}/users`, { org: org || undefined }),
    }));
  });

  router.post('/users/:userId/:action', async (req: Request, res: Response) => {
    const action = req.params.action as AdminAction;
    if (!ACTIONS.includes(action)) throw new TwoStepError('not_found', `There is no such action; the actions are ${ACTIONS.join(', ')}.`);
    const scope = scopeOf(req);
    const target = await requireUserInScope(ctx, scope, pathParam(req, 'userId', 'user id'));
    const body = bodyOf(req);
    const org = typeof body.org === 'string' && body.org !== '' && body.org.length <= 200 ? body.org : undefined;
    const back = userPath(req, target.userId, org);
    if (!recentFactorOrAnswer(ctx, req, res, back)) return;
    const requireSetup = action === 'reset' && flag(body, 'requireSetup');
    const json = wantsJson(req);
    if (!json && !flag(body, 'confirmed')) {
      // A page asks once more, naming the person and what will happen; nothing is done yet.
      return sendPage(res, ctx.pages.adminConfirm({
        ...adminPageBase(ctx, req, org), userId: target.userId, label: target.label, action, requireSetup, cancelHref: back,
      }));
    }
    const who = { ip: req.ip, by: scope.adminId };
    if (action === 'reset') await services.admin.reset(target.userId, { ...who, requireSetup });
    else if (action === 'unlock') await services.admin.unlock(target.userId, who);
    else if (action === 'revoke-devices') await services.admin.revokeDevices(target.userId, who);
    else {
      // Signing oneself out everywhere keeps the session that asked, as "sign out other sessions" does.
      const keep = target.userId === scope.adminId && req.sessionID ? { exceptSessionId: req.sessionID } : {};
      await services.revokeSessions(target.userId, { reason: 'admin.revoke-sessions', ...who, ...keep });
    }
    if (json) return res.json({ done: true });
    res.redirect(303, withQuery(`${req.baseUrl}/users/${encodeURIComponent(target.userId)}`, { org, done: action }));
  });
}
