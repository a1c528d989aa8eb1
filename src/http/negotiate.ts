import type { Request } from 'express';

/** JSON for API clients (JSON body, XHR, or an Accept that prefers JSON); pages for browsers. */
export function wantsJson(req: Request): boolean {
  if (req.xhr) return true;
  if (req.is('application/json')) return true;
  return req.accepts(['html', 'json']) === 'json';
}
