import type { Request, Response, Router } from 'express';
import { readAccountStatus } from '../../core/account-status.js';
import { setEnabled } from '../../core/manage-methods.js';
import { deviceViews } from '../view-models/device-views.js';
import { pageBase } from '../view-models/page-base.js';
import { sendPage } from '../respond/send-page.js';
import { readMethodChoices } from '../view-models/method-choices-model.js';
import type { HttpContext } from '../http-context.js';
import { methodJson } from '../view-models/method-json.js';
import { wantsJson } from '../request/negotiate.js';
import { pageLanguage } from '../request/page-language.js';
import { requireReverified } from '../session/require-reverified.js';
import { revokeAllDevices } from '../../core/trusted-device.js';
import { clearDeviceCookie } from '../request/device-cookie.js';
import { revokeOtherSessions } from '../session/revoke-others.js';
import { currentStage, policyFor, requireVerified } from '../session/stage.js';
import { safeReturnPath } from '../request/return-destination.js';
import { queryParam } from '../request/query-param.js';
import { requestActor } from '../request/request-actor.js';

/** Status, the settings page, and turning 2FA on and off. */
export function mountAccountRoutes(router: Router, ctx: HttpContext): void {
  const { mountPath } = ctx.options;

  router.get('/status', async (req: Request, res: Response) => {
    const stage = currentStage(ctx, req);
    if (stage.kind === 'anonymous') return res.json({ state: 'anonymous' });
    const [account, policy] = await Promise.all([readAccountStatus(ctx, stage.userId), policyFor(ctx, stage.user, req)]);
    res.json({
      state: stage.kind,
      required: policy === 'required' || policy === 'error',
      enabled: account.enabled,
      methods: account.methods.map(methodJson),
      recoveryCodesLeft: account.recoveryCodesLeft,
      recoveryCodesLastUsedAt: account.recoveryCodesLastUsedAt === null ? null : new Date(account.recoveryCodesLastUsedAt).toISOString(),
      lockedUntil: account.lockedUntil === null ? null : new Date(account.lockedUntil).toISOString(),
      // The setup offer for API clients; pages get it as a redirect from the gate.
      promptSetup: stage.kind === 'verified' && req.session.twoStepPrompt?.userId === stage.userId && !account.active,
      ...(stage.kind === 'verified' ? { amr: stage.marker.amr, verifiedAt: stage.marker.verifiedAt === null ? null : new Date(stage.marker.verifiedAt).toISOString() } : {}),
    });
  });

  // Forced setup lands here: the one page (with the method routes) a required user without a method can reach.
  router.get('/setup', async (req: Request, res: Response) => {
    const stage = currentStage(ctx, req);
    if (stage.kind === 'anonymous') return res.redirect(303, ctx.options.loginPath);
    if (stage.kind === 'pending') return res.redirect(303, `${mountPath}/verify`);
    // Continue on the setup prompt: once set up, the user goes on to the page they were opening.
    const returnTo = stage.kind === 'verified' ? safeReturnPath(queryParam(req, 'returnTo')) : undefined;
    if (returnTo !== undefined) req.session.twoStepReturnTo = returnTo;
    sendPage(res, ctx.pages.setup({
      ...pageBase(ctx, req),
      required: stage.kind === 'setup',
      ...(await readMethodChoices(ctx, stage.user)),
    }));
  });

  router.get('/', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    // Setting up from here comes back here, not to where an abandoned setup prompt was going.
    delete req.session.twoStepReturnTo;
    const [{ enabled, methods, recoveryCodesLeft, recoveryCodesLastUsedAt }, policy, devices, choices] = await Promise.all([
      readAccountStatus(ctx, stage.userId),
      policyFor(ctx, stage.user, req),
      deviceViews(ctx, req, stage.userId),
      readMethodChoices(ctx, stage.user),
    ]);
    sendPage(res, ctx.pages.settings({
      ...pageBase(ctx, req),
      enabled,
      required: policy === 'required' || policy === 'error',
      methods,
      recoveryCodesLeft,
      ...(recoveryCodesLastUsedAt === null ? {} : { recoveryCodesLastUsedAt }),
      devices,
      ...(queryParam(req, 'signedOutOthers') === '1' ? { message: pageLanguage(ctx, req).pages.signedOutOthers } : {}),
      ...choices,
    }));
  });

  for (const [path, enabled] of [['/enable', true], ['/disable', false]] as const) {
    router.post(path, async (req: Request, res: Response) => {
      const stage = requireVerified(ctx, req);
      if (!enabled) await requireReverified(ctx, req, stage);
      const actor = requestActor(ctx, req, stage.userId);
      const policy = enabled ? 'optional' : await policyFor(ctx, stage.user, req);
      const enrolment = await setEnabled(ctx, actor, enabled, policy === 'required' || policy === 'error');
      if (!enabled) {
        // Turning 2FA off forgets every remembered browser: turning it on again starts clean.
        await revokeAllDevices(ctx, actor);
        clearDeviceCookie(req, res);
        await revokeOtherSessions(ctx, req, stage.userId, 'disabled');
      }
      if (wantsJson(req)) return res.json({ enabled: enrolment.enabled });
      res.redirect(303, mountPath);
    });
  }
}
