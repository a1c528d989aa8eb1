import type { Request } from 'express';

/** Longer than any token a CSRF library hands out; beyond it, something else is answering. */
const MAX_TOKEN_LENGTH = 1024;

/**
 * The token of the app's own CSRF middleware for this request, when one ran before twostep
 * and offers it as `req.csrfToken()` (csurf, lusca, csrf-csrf 4, csrf-sync, tiny-csrf all do).
 * Our forms carry it so that middleware lets them through; a pending user cannot reach an app
 * route to fetch it, so it is asked for here, at render time. Undefined when no such
 * middleware ran (none, or mounted after twostep, where it never sees our routes), or when it
 * throws or answers something that is not a token: the page then simply goes without it.
 * It is never checked by twostep: our own token (request/csrf-token.ts) is.
 */
export function appCsrfToken(req: Request): string | undefined {
  const offer = (req as Request & { csrfToken?: unknown }).csrfToken;
  if (typeof offer !== 'function') return undefined;
  try {
    const token: unknown = offer.call(req);
    return typeof token === 'string' && token !== '' && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
  } catch {
    return undefined;
  }
}
