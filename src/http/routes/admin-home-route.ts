import type { Request, Response, Router } from 'express';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { sendPage } from '../respond/send-page.js';
import { adminPageBase } from '../view-models/admin-page-base.js';
import { scopeOf } from './admin-scope.js';

/** The start page: the organisations this person administers, each with its settings, history and users. */
export function mountAdminHomeRoute(router: Router, ctx: HttpContext): void {
  router.get('/', (req: Request, res: Response) => {
    const scope = scopeOf(req);
    if (wantsJson(req)) return res.json({ organisations: scope.all ? 'all' : scope.orgIds });
    sendPage(res, ctx.pages.adminHome({ ...adminPageBase(ctx, req), organisations: scope.all ? 'all' : [...scope.orgIds] }));
  });
}
