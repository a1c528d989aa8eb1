import type { Request, Response, Router } from 'express';
import { confirmedMethods, readSnapshot } from '../../core/enrolment-snapshot.js';
import { issueRecoveryCodes } from '../../core/recovery-codes.js';
import { TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { pageBase } from '../view-models/page-base.js';
import { sendPage } from '../respond/send-page.js';
import { requireReverified } from '../session/require-reverified.js';
import { requireVerified } from '../session/stage.js';

/** Regenerating recovery codes: a recent second factor, then every earlier code stops working. */
export function mountRecoveryRoutes(router: Router, ctx: HttpContext): void {
  router.post('/recovery-codes', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    await requireReverified(ctx, req, stage);
    const { enrolment } = await readSnapshot(ctx, stage.userId);
    if (confirmedMethods(enrolment).length === 0) {
      throw new TwoStepError('no_method', 'Recovery codes back up a verification method: add one first.');
    }
    const codes = await issueRecoveryCodes(ctx, { userId: stage.userId, ip: req.ip });
    if (wantsJson(req)) return res.json({ codes });
    sendPage(res, ctx.pages.recoveryCodes({ ...pageBase(ctx, req), codes, continueTo: ctx.options.mountPath, issuer: ctx.options.issuer }));
  });
}
