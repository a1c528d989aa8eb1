import type { Request } from 'express';

/** JSON for API clients (JSON body, XHR, or an Accept that prefers JSON); pages for browsers. */
export function wantsJson(req: Request): boolean {
  if (req.xhr) return true;
  if (req.is('application/json')) return true;
  return req.accepts(['html', 'json']) === 'json';
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
