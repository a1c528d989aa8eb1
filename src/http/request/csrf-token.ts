import { createHmac } from 'node:crypto';
import type { Request } from 'express';
import type { HttpContext } from '../http-context.js';

/**
 * The forms' token: an HMAC of the session id under a key of its own. Nothing is stored, and
 * the token changes by itself when the session id is regenerated at sign-in, so a token
 * learned before signing in is worthless after.
 */
export function csrfToken(ctx: HttpContext, req: Request): string {
  return createHmac('sha256', ctx.keys.csrfKey).update(`csrf\u0000${req.sessionID ?? ''}`).digest('base64url');
}
