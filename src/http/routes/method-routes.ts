import type { Request, Response, Router } from 'express';
import type { Actor } from '../../core/context.js';
import { describeMethod, readSnapshot } from '../../core/enrolment-snapshot.js';
import { confirmTotpMethod, makePrimary, removeMethod } from '../../core/manage-methods.js';
import { checkPassword } from '../../core/password-check.js';
import { issueRecoveryCodes } from '../../core/recovery-codes.js';
import { revealPendingSecret, startTotpSetup } from '../../core/totp-setup.js';
import { isTwoStepError, TwoStepError } from '../../errors.js';
import { parseNumericCode } from '../../methods/code-format.js';
import { formatSetupKey, totpQrSvg, totpUri } from '../../methods/totp.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../negotiate.js';
import { bodyOf, pathId } from '../request-body.js';
import { requireReverified } from '../reverify.js';
import { requireVerified } from '../stage.js';
import { upgradeSession } from '../upgrade-session.js';

/** Adding, confirming, removing and ordering methods: only from a verified session. */
export function mountMethodRoutes(router: Router, ctx: HttpContext): void {
  const { mountPath, users } = ctx.options;

  router.post('/methods', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const body = bodyOf(req);
    await requireReverified(ctx, req, stage, { allowWithoutMethods: true });
    if (body.type !== 'totp') {
      throw new TwoStepError('invalid_request', '`type` must be "totp".');
    }
    const setup = await startTotpSetup(ctx, actorOf(req, stage.userId), users.label(stage.user));
    if (wantsJson(req)) {
      return res.status(201).json({
        id: setup.method.id,
        type: 'totp',
        secret: setup.secret,
        setupKey: setup.setupKey,
        otpauthUrl: setup.otpauthUrl,
        qr: setup.qrSvg,
        expiresAt: new Date(setup.expiresAt).toISOString(),
      });
    }
    res.status(201).type('html').send(ctx.pages.setupTotp({
      mountPath, methodId: setup.method.id, qrSvg: setup.qrSvg, setupKey: setup.setupKey,
      otpauthUrl: setup.otpauthUrl, needsPassword: users.verifyPassword !== undefined,
    }));
  });

  router.post('/methods/:id/confirm', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const methodId = pathId(req);
    const actor = actorOf(req, stage.userId);
    try {
      const body = bodyOf(req);
      const code = parseNumericCode(body.code);
      if (users.verifyPassword) await checkPassword(ctx, actor, stage.user, body.password);
      const confirmed = await confirmTotpMethod(ctx, actor, methodId, code);
      // 2FA has just been turned on: the first set of recovery codes, shown this once.
      const recoveryCodes = confirmed.firstMethod ? await issueRecoveryCodes(ctx, actor) : undefined;
      // The user just proved possession of the new factor: the session now counts as verified by it.
      await upgradeSession(req, { userId: stage.userId, amr: ['pwd', 'totp'], verifiedAt: ctx.options.now() });
      req.user = stage.user as Express.User;
      if (wantsJson(req)) {
        return res.json({ method: describeMethod(confirmed.method), ...(recoveryCodes ? { recoveryCodes } : {}) });
      }
      if (recoveryCodes) {
        return res.type('html').send(ctx.pages.recoveryCodes({ mountPath, codes: recoveryCodes, continueTo: mountPath }));
      }
      res.redirect(303, mountPath);
    } catch (error) {
      if (wantsJson(req) || !isTwoStepError(error) || !['invalid_code', 'invalid_request', 'invalid_password'].includes(error.code)) throw error;
      await resendSetupPage(req, res, ctx, stage.userId, stage.user, methodId, error);
    }
  });

  const remove = async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const methodId = pathId(req);
    await requireReverified(ctx, req, stage);
    await removeMethod(ctx, actorOf(req, stage.userId), methodId);
    if (wantsJson(req)) return res.json({ deleted: true });
    res.redirect(303, mountPath);
  };
  router.delete('/methods/:id', remove);
  // HTML forms cannot send DELETE.
  router.post('/methods/:id/delete', remove);

  router.post('/methods/:id/primary', async (req: Request, res: Response) => {
    const stage = requireVerified(ctx, req);
    const method = await makePrimary(ctx, actorOf(req, stage.userId), pathId(req));
    if (wantsJson(req)) return res.json({ method: describeMethod(method) });
    res.redirect(303, mountPath);
  });
}

function actorOf(req: Request, userId: string): Actor {
  return { userId, ip: req.ip };
}

async function resendSetupPage(req: Request, res: Response, ctx: HttpContext, userId: string, user: unknown, methodId: string, error: TwoStepError): Promise<void> {
  const { enrolment } = await readSnapshot(ctx, userId);
  const method = enrolment.methods.find((m) => m.id === methodId);
  const secret = method ? revealPendingSecret(ctx, userId, method) : null;
  if (!secret) {
    throw new TwoStepError('invalid_request', 'This setup has expired. Start again from the two-step verification settings.');
  }
  const otpauthUrl = totpUri({ issuer: ctx.options.issuer, accountName: ctx.options.users.label(user), secret });
  res.status(error.status).type('html').send(ctx.pages.setupTotp({
    mountPath: ctx.options.mountPath,
    methodId,
    qrSvg: await totpQrSvg(otpauthUrl),
    setupKey: formatSetupKey(secret),
    otpauthUrl,
    needsPassword: ctx.options.users.verifyPassword !== undefined,
    error: error.message,
  }));
}
