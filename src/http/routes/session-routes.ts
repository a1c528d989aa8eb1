import type { Request, Response, Router } from 'express';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { revokeOtherSessions } from '../session/revoke-others.js';
import { requireVerified } from '../session/stage.js';

/**
 * "Sign out all other sessions". No re-verification: it only ever takes access away, and
 * someone whose account is being misused must be able to do it at once.
 */
export function mountSessionRoutes(router: Router, ctx: HttpContext): void {
  router.post('/sessions/revoke-others', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const { revokedAt } = await revokeOtherSessions(ctx, req, stage.userId, 'signed-out-others');
    if (wantsJson(req)) return res.json({ revoked: true, revokedAt: new Date(revokedAt).toISOString() });
    res.redirect(303, `${ctx.options.mountPath}?signedOutOthers=1`);
  });
}
