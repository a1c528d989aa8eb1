import type { Request } from 'express';

const WANTS_JSON = Symbol('twostep.wantsJson');

/**
 * The common spelling of a JSON body, recognised without parsing the media type: what API
 * clients (and every answer of a wrong-code flood) send. Any other spelling goes through
 * `req.is`, which this only ever agrees with.
 */
function plainJsonBody(req: Request): boolean {
  const type = req.headers['content-type'];
  if (type !== 'application/json' && type !== 'application/json; charset=utf-8') return false;
  // type-is's rule for "has a body": a Transfer-Encoding, or a Content-Length that is a number.
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length'] ?? Number.NaN));
}

/**
 * JSON for API clients (JSON body, XHR, or an Accept that prefers JSON); pages for browsers.
 * Asked up to four times per request (gate, route, error): the headers are parsed once.
 */
export function wantsJson(req: Request): boolean {
  const known = (req as Request & { [WANTS_JSON]?: boolean })[WANTS_JSON];
  if (known !== undefined) return known;
  const answer = plainJsonBody(req) || req.xhr || Boolean(req.is('application/json')) || req.accepts(['html', 'json']) === 'json';
  (req as Request & { [WANTS_JSON]?: boolean })[WANTS_JSON] = answer;
  return answer;
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
