import type { Request, Response, Router } from 'express';
import { dismissSetupPrompt } from '../../core/setup-prompt.js';
import { TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { pageBase } from '../view-models/page-base.js';
import { sendPage } from '../respond/send-page.js';
import { bodyOf, flag } from '../request/request-body.js';
import { safeReturnPath } from '../request/return-destination.js';
import { policyAnswer, requireVerified } from '../session/stage.js';
import { setupDeadlineOf } from '../../core/setup-prompt.js';
import { queryParam } from '../request/query-param.js';
import { dropSetupPrompt } from '../session/stage-writes.js';
import { redirectAfterSave } from '../session/redirect-after-save.js';

/** The setup offer for optional users (seed 000): the page, and Skip / Don't show again. */
export function mountPromptRoutes(router: Router, ctx: HttpContext): void {
  router.get('/prompt', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    // Shown: the gate must not send the user here again this sign-in.
    dropSetupPrompt(req);
    const returnTo = safeReturnPath(queryParam(req, 'returnTo'));
    const answer = await policyAnswer(ctx, stage.user, req);
    const setupDeadline = await setupDeadlineOf(ctx, answer.rules, answer.code, stage.userId);
    sendPage(res, ctx.pages.prompt({ ...pageBase(ctx, req), ...(returnTo === undefined ? {} : { returnTo }), ...(setupDeadline === null ? {} : { setupDeadline }) }));
  });

  router.post('/skip', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    // Validated before anything is read or written: a bad value changes nothing.
    const body = bodyOf(req);
    const dontShowAgain = flag(body, 'dontShowAgain');
    const answer = await policyAnswer(ctx, stage.user, req);
    // An organisation's grace period lets a newly required user put setup off until its end.
    const inGrace = answer.level === 'required' && (await setupDeadlineOf(ctx, answer.rules, answer.code, stage.userId)) !== null;
    if ((answer.level === 'required' && !inGrace) || answer.level === 'error') {
      throw new TwoStepError('required_by_policy', 'Your organisation requires two-step verification, so it cannot be skipped.');
    }
    if (dontShowAgain) await dismissSetupPrompt(ctx, { userId: stage.userId, ip: req.ip });
    dropSetupPrompt(req);
    if (wantsJson(req)) return res.json({ skipped: true });
    // Saved first, or the page the browser opens next could load the offer again.
    await redirectAfterSave(req, res, safeReturnPath(body.returnTo) ?? ctx.options.successRedirect);
  });
}
