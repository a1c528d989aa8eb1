import type { Request } from 'express';
import type { AdminPageBase } from '../../pages/types.js';
import type { HttpContext } from '../http-context.js';
import { pageBase } from './page-base.js';

/** What every admin page is rendered with: the page base, and where the app mounted the admin router. */
export function adminPageBase(ctx: HttpContext, req: Request, orgId?: string): AdminPageBase {
  return { ...pageBase(ctx, req), adminPath: req.baseUrl, ...(orgId === undefined ? {} : { orgId }) };
}
