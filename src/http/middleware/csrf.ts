import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { CSRF_FIELD, CSRF_HEADER } from '../../pages/csrf-names.js';
import { csrfToken } from '../request/csrf-token.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(): never {
  throw new TwoStepError('csrf_failed', 'This form has expired or was sent from another site. Go back, reload the page and try again.');
}

function originMatchesHost(origin: string, req: Request): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.host === req.get('host')) return true;
  // Behind a proxy the app trusts, the browser addressed X-Forwarded-Host. Decided here as
  // Express decides it for `req.hostname`, by the app's `trust proxy` function (`req.host`
  // is the name alone on Express 4 and name plus port on 5, so it cannot be compared).
  const forwarded = req.get('x-forwarded-host')?.split(',')[0]?.trim();
  if (!forwarded) return false;
  const trust = req.app.get('trust proxy fn') as ((address: string | undefined, hop: number) => boolean) | undefined;
  return trust?.(req.socket.remoteAddress, 0) === true && url.host === forwarded;
}

/**
 * Refuses a state-changing request that a browser sent on behalf of another site.
 * 1. What the browser says about the request's origin wins: `Sec-Fetch-Site` other than
 *    same-origin, or an `Origin` of another host (or "null"), is refused even with a token.
 * 2. A token (form field `_twostep_csrf` or header `X-TwoStep-CSRF`), when sent, must be valid.
 *    Only twostep's own names are read: `_csrf` / `X-CSRF-Token` belong to the app's CSRF
 *    middleware (pages/csrf-names.ts), and the app's token never stands in for ours.
 * 3. Without a token, a browser must have said same-origin (Sec-Fetch-Site, else Origin);
 *    every browser sends Origin on a POST, so a cross-site form cannot get past step 1.
 * 4. A request with neither header nor token is not from a browser (curl, a server, a test
 *    client): it carries no victim's cookies by accident, so there is nothing to forge.
 * Our forms always carry the token, which also covers a proxy that rewrites the Host header.
 */
export function checkCsrf(ctx: HttpContext, req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') refuse();
  if (origin !== undefined && !originMatchesHost(origin, req)) refuse();
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? body[CSRF_FIELD] : undefined;
  const given = fromBody ?? req.get(CSRF_HEADER);
  if (given !== undefined && (typeof given !== 'string' || !sameToken(given, csrfToken(ctx, req)))) refuse();
  // No token: either a browser that said same-origin (checked above), such as the app's own
  // script, or not a browser at all.
}
