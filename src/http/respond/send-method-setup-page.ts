import type { Request, Response } from 'express';
import { readSnapshot } from '../../core/enrolment-snapshot.js';
import { isContactMethod } from '../../core/login-codes.js';
import { answeredByPasskey } from '../../methods/method-units.js';
import { revealPendingSecret, setupUri } from '../../core/totp-setup.js';
import { totpSettingsOf } from '../../methods/totp-settings.js';
import { TwoStepError } from '../../errors.js';
import { formatSetupKey, totpQrSvg } from '../../methods/totp.js';
import type { HttpContext } from '../http-context.js';
import { pageBase } from '../view-models/page-base.js';
import { sendPage } from './send-page.js';
import { ownsSetup, SETUP_NOT_FOUND } from '../../core/setup-owner.js';
import { sessionSetupOwner } from '../session/session-setup-owner.js';

/**
 * The page of a method being set up, rebuilt from the store: the sealed pending secret for an
 * authenticator app, the masked address for email/SMS. A confirmed or unknown method has no
 * setup page any more, and neither has a setup another session started (404: its key and
 * QR code are that session's alone).
 */
export async function sendMethodSetupPage(req: Request, res: Response, ctx: HttpContext, userId: string, user: unknown, methodId: string, status: number, error?: string, resendInSeconds?: number): Promise<void> {
  const { enrolment } = await readSnapshot(ctx, userId);
  const method = enrolment.methods.find((m) => m.id === methodId && !m.confirmed);
  if (method && !ownsSetup(method, sessionSetupOwner(ctx, req, userId))) throw new TwoStepError('method_not_found', SETUP_NOT_FOUND);
  const page = pageBase(ctx, req);
  const common = { ...page, methodId, ...(error === undefined ? {} : { error }) };
  if (method && isContactMethod(method)) {
    return sendPage(res, ctx.pages.setupContact({
      ...common, type: method.type, label: method.label, codeTtlSeconds: ctx.options.codes.ttlSeconds,
      needsPassword: ctx.options.users.verifyPassword !== undefined,
      ...(resendInSeconds === undefined ? {} : { resendInSeconds }),
    }), status);
  }
  if (method && answeredByPasskey(method)) {
    return sendPage(res, ctx.pages.setupWebAuthn({ ...common, needsPassword: ctx.options.users.verifyPassword !== undefined }), status);
  }
  const secret = method ? revealPendingSecret(ctx, userId, method) : null;
  if (!secret) {
    throw new TwoStepError('invalid_request', 'This setup has expired or is finished. Start again from the two-step verification settings.');
  }
  const otpauthUrl = setupUri(ctx, method!, ctx.options.users.label(user), secret);
  sendPage(res, ctx.pages.setupTotp({
    ...common,
    digits: totpSettingsOf(method!).digits,
    qrSvg: await totpQrSvg(otpauthUrl),
    setupKey: formatSetupKey(secret),
    otpauthUrl,
    needsPassword: ctx.options.users.verifyPassword !== undefined,
  }), status);
}
