import type { Request } from 'express';
import type { Actor } from '../../core/context.js';
import type { HttpContext } from '../http-context.js';
import { readDeviceCookie } from './device-cookie.js';
import { requestLanguage } from './page-language.js';

/** Enough of a `User-Agent` to name the browser; no real one is longer, and an event should not carry kilobytes. */
const USER_AGENT_MAX = 512;

/**
 * Who acts in a request, for events and the messages they cause: the user, `req.ip`, the
 * request's language under 'auto', its user agent and the trusted-device cookie it presented
 * (a new-sign-in alert asks both).
 */
export function requestActor(ctx: HttpContext, req: Request, userId: string): Actor {
  const userAgent = req.headers['user-agent'];
  const deviceCookie = readDeviceCookie(req);
  return {
    userId, ip: req.ip, ...requestLanguage(ctx, req),
    ...(typeof userAgent === 'string' && userAgent !== '' ? { userAgent: userAgent.slice(0, USER_AGENT_MAX) } : {}),
    ...(deviceCookie !== undefined ? { deviceCookie } : {}),
  };
}
