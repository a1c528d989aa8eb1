import type { Request, Response, Router } from 'express';
import type { Actor } from '../../core/context.js';
import { confirmedMethods, describeMethod, readSnapshot } from '../../core/enrolment-snapshot.js';
import { checkPassword } from '../../core/password-check.js';
import { answerChallenge, type AcceptedAnswer } from '../../core/answer-challenge.js';
import { reverify } from '../../core/sign-in.js';
import { sessionHashOf } from '../../core/webauthn-challenge.js';
import { isTwoStepError, TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { pageLanguage } from '../request/page-language.js';
import { pageBase } from '../view-models/page-base.js';
import { pageErrorText } from '../view-models/page-error-text.js';
import { sendPage } from '../respond/send-page.js';
import { bodyOf } from '../request/request-body.js';
import { safeReturnPath } from '../request/return-destination.js';
import { requireVerified } from '../session/stage.js';
import { saveSession } from '../session/upgrade-session.js';
import { queryParam } from '../request/query-param.js';
import { codeLengthsOf } from '../../core/code-length.js';
import { keepSignedIn } from '../session/stage-writes.js';
import { requestActor } from '../request/request-actor.js';

/**
 * Re-verification before sensitive changes: a code, a recovery code or (where configured)
 * the password. Every wrong answer counts toward the same lockout as at sign-in.
 */
export function mountReverifyRoutes(router: Router, ctx: HttpContext): void {
  const { mountPath } = ctx.options;

  const renderPage = async (req: Request, res: Response, userId: string, status: number, returnTo: string | undefined, error?: string, passkeyRequired = false, secondFactorOnly = false) => {
    const { enrolment } = await readSnapshot(ctx, userId);
    sendPage(res, ctx.pages.reverify({
      ...pageBase(ctx, req),
      methods: confirmedMethods(enrolment).map(describeMethod),
      codeDigits: codeLengthsOf(confirmedMethods(enrolment)),
      // A change that needs a second factor (the admin router's) is not unlocked by the password.
      allowPassword: ctx.options.users.verifyPassword !== undefined && !secondFactorOnly,
      ...(returnTo === undefined ? {} : { returnTo }),
      ...(error === undefined ? {} : { error }),
      ...(passkeyRequired ? { passkeyRequired } : {}),
    }), status);
  };

  router.get('/reverify', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    await renderPage(req, res, stage.userId, 200, safeReturnPath(queryParam(req, 'returnTo')), undefined, queryParam(req, 'passkey') === '1', queryParam(req, 'secondFactor') === '1');
  });

  router.post('/reverify', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const actor: Actor = requestActor(ctx, req, stage.userId);
    const body = bodyOf(req);
    const returnTo = safeReturnPath(body.returnTo);
    let accepted: AcceptedAnswer | undefined;
    try {
      if (body.password !== undefined && body.password !== '') {
        if (body.code !== undefined || body.recoveryCode !== undefined) {
          throw new TwoStepError('invalid_request', 'Send a code, a recovery code or a password, not several.');
        }
        await checkPassword(ctx, actor, stage.user, body.password);
      } else {
        // Read fresh: the session's sign-in snapshot may be older than a method added since.
        accepted = await answerChallenge(ctx, {
          actor, user: stage.user, body, enrolment: () => readSnapshot(ctx, stage.userId), sessionHash: () => sessionHashOf(ctx, req.sessionID),
        });
      }
    } catch (error) {
      if (wantsJson(req) || !isTwoStepError(error) || error.status >= 500) throw error;
      if (error.details.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.details.retryAfterSeconds));
      return renderPage(req, res, stage.userId, error.status, returnTo, pageErrorText(pageLanguage(ctx, req).pages, error), body.passkey === '1');
    }

    const { reverifiedAt } = await reverify(ctx, actor, req.session.twoStep ?? stage.marker, accepted?.factor, async (record) => {
      keepSignedIn(req, record);
      await saveSession(req);
    }, accepted?.passkey);
    const validUntil = new Date(reverifiedAt + ctx.options.reverifySeconds * 1000).toISOString();
    if (wantsJson(req)) return res.json({ reverified: true, validUntil });
    res.redirect(303, returnTo ?? mountPath);
  });
}
