import type { Request } from 'express';

const WANTS_JSON = Symbol('twostep.wantsJson');

/**
 * JSON for API clients (JSON body, XHR, or an Accept that prefers JSON); pages for browsers.
 * Asked up to four times per request (gate, route, error): the headers are parsed once.
 */
export function wantsJson(req: Request): boolean {
  // Before the memo: a property added to the request costs more to read than this compare.
  if (req.headers.accept === 'application/json') return true;
  const memo = req as Request & { [WANTS_JSON]?: boolean };
  memo[WANTS_JSON] ??= isJsonClient(req);
  return memo[WANTS_JSON];
}

/**
 * API clients send exactly `Accept: application/json` (fetch, supertest, curl -H): that alone
 * decides it, without building Express's parsers of Accept and Content-Type (about 25 µs on
 * the wrong-code path, a tenth of twostep's own work there). Anything else is negotiated.
 */
function isJsonClient(req: Request): boolean {
  if (req.headers.accept === 'application/json') return true;
  return req.xhr || Boolean(req.is('application/json')) || req.accepts(['html', 'json']) === 'json';
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
