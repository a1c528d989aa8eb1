import type { NextFunction, Request, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { adminScopeOf, type AdminAuthorize, type AdminScope } from './admin-access.js';

const scopes = new WeakMap<Request, AdminScope>();

/** First in the admin router: who is asking and what they administer, asked of `authorize` once per request. */
export function establishScope(ctx: HttpContext, authorize: AdminAuthorize) {
  return async function twoStepAdminScope(req: Request, _res: Response, next: NextFunction): Promise<void> {
    scopes.set(req, await adminScopeOf(ctx, authorize, req));
    next();
  };
}

/** The scope `establishScope` found for this request. */
export function scopeOf(req: Request): AdminScope {
  const scope = scopes.get(req);
  if (!scope) throw new Error('twostep: an admin route ran before the administrator was established');
  return scope;
}
