import type { Request } from 'express';

const WANTS_JSON = Symbol('twostep.wantsJson');

/**
 * JSON for API clients (JSON body, XHR, or an Accept that prefers JSON); pages for browsers.
 * Asked up to four times per request (gate, route, error): the headers are parsed once.
 */
export function wantsJson(req: Request): boolean {
  const memo = req as Request & { [WANTS_JSON]?: boolean };
  memo[WANTS_JSON] ??= req.xhr || Boolean(req.is('application/json')) || req.accepts(['html', 'json']) === 'json';
  return memo[WANTS_JSON];
}

/**
 * A browser opening a page (not an image, script or fetch): the only kind of request worth
 * redirecting to the setup prompt. Navigations name text/html in Accept; `*\/*` alone does not count.
 */
export function isPageNavigation(req: Request): boolean {
  if (req.method !== 'GET' || wantsJson(req)) return false;
  const dest = req.get('sec-fetch-dest');
  if (dest !== undefined && dest !== 'document') return false;
  return (req.get('accept') ?? '').includes('text/html');
}
