import type { Request, Response, Router } from 'express';
import { readSnapshot } from '../../core/enrolment-snapshot.js';
import { requestOptions } from '../../core/webauthn-assertion.js';
import { sessionHashOf } from '../../core/webauthn-challenge.js';
import { creationOptions } from '../../core/webauthn-registration.js';
import type { HttpContext } from '../http-context.js';
import { requestActor } from '../request/request-actor.js';
import { pathId } from '../request/request-body.js';
import { currentStage, requireVerifiedOrSetup } from '../session/stage.js';
import { TwoStepError } from '../../errors.js';
import { sessionSetupOwner } from '../session/session-setup-owner.js';

/**
 * What the page script (or an app's own client) asks for before calling
 * `navigator.credentials.get/create`: options with a fresh challenge for this session. The
 * answers go to the existing routes: `POST /verify`, `POST /reverify` and
 * `POST /methods/:id/confirm`, each with `{credential}`.
 */
export function mountWebAuthnRoutes(router: Router, ctx: HttpContext): void {
  // Request options: a pending session signing in, or a verified one re-verifying or stepping up.
  router.post('/webauthn/options', async (req: Request, res: Response) => {
    const stage = currentStage(ctx, req);
    if (stage.kind !== 'pending' && stage.kind !== 'verified') {
      throw new TwoStepError('not_signed_in', 'Sign in with your password first.');
    }
    // Read fresh: a passkey added from another browser since the sign-in began counts too.
    const { enrolment } = await readSnapshot(ctx, stage.userId);
    const options = await requestOptions(ctx, requestActor(ctx, req, stage.userId), sessionHashOf(ctx, req.sessionID), enrolment);
    res.json({ options });
  });

  // Fresh creation options for a passkey being added (the page's button, or a second try).
  router.post('/methods/:id/options', async (req: Request, res: Response) => {
    const stage = requireVerifiedOrSetup(ctx, req);
    const owner = sessionSetupOwner(ctx, req, stage.userId);
    const options = await creationOptions(ctx, requestActor(ctx, req, stage.userId), owner, sessionHashOf(ctx, req.sessionID), pathId(req), ctx.options.users.label(stage.user));
    res.json({ options });
  });

}
