import type { Request } from 'express';
import type { Actor } from '../../core/context.js';
import type { HttpContext } from '../http-context.js';
import { requestLanguage } from './page-language.js';

/** Who acts in a request, for events and the messages they cause: the user, `req.ip`, and the request's language under 'auto'. */
export function requestActor(ctx: HttpContext, req: Request, userId: string): Actor {
  return { userId, ip: req.ip, ...requestLanguage(ctx, req) };
}
