import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { realFactorWithin } from '../../core/assurance.js';
import { TwoStepConfigError, TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { sendError } from '../respond/send-error.js';
import { safeReturnPath } from '../request/return-destination.js';
import { currentStage } from '../session/stage.js';

export interface RequireOptions {
  /** How recent the second factor must be. */
  maxAgeSeconds: number;
  /**
   * Only a passkey or security key counts (amr 'hwk'): a code can be relayed by a fake login
   * page in real time, a WebAuthn answer cannot. Needs the `webauthn` option. @default false
   */
  phishingResistant?: boolean;
}

/**
 * `twoStep.require({ maxAgeSeconds })`: step-up for a sensitive route. Passes only a
 * session whose real second factor was verified within `maxAgeSeconds`. Otherwise an API
 * gets 403 `reverify_required`; a browser is sent to `/reverify` and comes back here.
 */
export function createRequire(ctx: HttpContext): (options: RequireOptions) => RequestHandler {
  const { mountPath } = ctx.options;
  return function require(options: RequireOptions): RequestHandler {
    const maxAgeSeconds = options?.maxAgeSeconds;
    if (typeof maxAgeSeconds !== 'number' || !Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 1) {
      throw new TwoStepConfigError(`twoStep.require({ maxAgeSeconds }) needs a whole number of seconds of at least 1, like { maxAgeSeconds: 300 }, got ${JSON.stringify(maxAgeSeconds)}.`);
    }
    const phishingResistant = options.phishingResistant ?? false;
    if (typeof phishingResistant !== 'boolean') {
      throw new TwoStepConfigError(`twoStep.require({ phishingResistant }) must be true or false, got ${JSON.stringify(phishingResistant)}.`);
    }
    if (phishingResistant && !ctx.options.webauthn) {
      throw new TwoStepConfigError('twoStep.require({ phishingResistant: true }) needs passkeys: set the `webauthn` option of createTwoStep (rpID, rpName, origins).');
    }
    return function twoStepRequire(req: Request, res: Response, next: NextFunction) {
      let stage;
      try {
        stage = currentStage(ctx, req);
      } catch (error) {
        return sendError(req, res, ctx, error);
      }
      if (stage.kind !== 'verified') {
        return sendError(req, res, ctx, stage.kind === 'anonymous'
          ? new TwoStepError('not_signed_in', 'Sign in first.')
          : new TwoStepError('second_factor_required', 'Finish signing in first.'));
      }
      // A real second factor (core/assurance.ts); a password re-verification does not count here.
      if (realFactorWithin(stage.marker, ctx.options.now(), maxAgeSeconds, { phishingResistant })) return next();

      const error = new TwoStepError('reverify_required', phishingResistant
        ? 'For your security, confirm it is you with your passkey or security key to continue.'
        : 'For your security, enter a verification code again to continue.');
      // Only a real factor passes here: the page must not offer the password, which would bring
      // the user straight back to this refusal.
      const query = phishingResistant ? 'passkey=1' : 'secondFactor=1';
      if (wantsJson(req)) {
        res.status(error.status).json({
          error: error.code, message: error.message, reverifyUrl: `${mountPath}/reverify?${query}`,
          ...(phishingResistant ? { phishingResistant: true } : {}),
        });
        return;
      }
      // The re-verification page accepts a code or a recovery code and comes back here.
      const returnTo = req.method === 'GET' ? safeReturnPath(req.originalUrl) : undefined;
      const params = [query, returnTo ? `returnTo=${encodeURIComponent(returnTo)}` : ''].filter(Boolean).join('&');
      res.redirect(303, `${mountPath}/reverify${params ? `?${params}` : ''}`);
    };
  };
}
