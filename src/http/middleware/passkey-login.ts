import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { checkPasskeySignIn, passkeySignInOptions } from '../../core/passkey-sign-in.js';
import { signIn } from '../../core/sign-in.js';
import { TwoStepConfigError } from '../../errors.js';
import { parseAuthenticationResponse } from '../../methods/webauthn-response.js';
import { checkCsrf } from './csrf.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { bodyOf } from '../request/request-body.js';
import { sendError } from '../respond/send-error.js';
import { safeReturnPath } from '../request/return-destination.js';
import { saveSession } from '../session/upgrade-session.js';
import { twoStepRouter } from '../forward-rejections.js';
import { keepSignedIn } from '../session/stage-writes.js';
import { requestActor } from '../request/request-actor.js';

export interface PasskeyLoginOptions {
  /** Where a browser goes after signing in, when the form names no `returnTo`. @default the `successRedirect` option */
  successRedirect?: string;
}

/**
 * `app.use('/login/passkey', twoStep.passkeyLogin())`: sign-in with a discoverable passkey
 * and user verification, which proves both factors at once (something you have, and the PIN
 * or fingerprint that unlocked it), so no password is asked. `POST {base}/options` gives the
 * request options; `POST {base}` with `{credential}` signs the user in through Passport with
 * amr ['hwk', 'user']. The shared lockout, `allowedMethods` and a locked account apply —
 * to the key's holder only (`core/passkey-sign-in.ts`): anyone else is counted per client
 * address and per handle. Neither route touches the visitor's session until a sign-in
 * succeeds, so anonymous visitors leave no session behind.
 */
export function createPasskeyLogin(ctx: HttpContext): (options?: PasskeyLoginOptions) => Router {
  return function passkeyLogin(options: PasskeyLoginOptions = {}): Router {
    const webauthn = ctx.options.webauthn;
    if (!webauthn) throw new TwoStepConfigError('twoStep.passkeyLogin() needs passkeys: set the `webauthn` option of createTwoStep (rpID, rpName, origins).');
    const load = ctx.options.users.load;
    if (!load) throw new TwoStepConfigError('twoStep.passkeyLogin() needs `users.load(id)`, to find the user a passkey belongs to.');
    const successRedirect = options.successRedirect ?? ctx.options.successRedirect;

    const router = twoStepRouter();
    const limit = ctx.options.bodyLimitBytes;
    router.use(express.json({ limit, strict: true }));
    router.use(express.urlencoded({ extended: false, limit, parameterLimit: 20 }));
    router.use((req: Request, res: Response, next: NextFunction) => {
      res.set('Cache-Control', 'no-store');
      if (!req.session) return next(new Error('twostep: passkeyLogin() needs express-session before it'));
      try {
        checkCsrf(ctx, req);
      } catch (error) {
        return next(error);
      }
      next();
    });

    router.post('/options', async (req: Request, res: Response) => {
      res.json({ options: await passkeySignInOptions(ctx, req.ip) });
    });

    router.post('/', async (req: Request, res: Response) => {
      const body = bodyOf(req);
      const credential = parseAuthenticationResponse(body.credential);
      const { user, userId, passkey } = await checkPasskeySignIn(ctx, req.ip, credential, load);
      const actor = requestActor(ctx, req, userId);

      const verifiedAt = ctx.options.now();
      await new Promise<void>((resolve, reject) => req.logIn(user as Express.User, (error) => (error ? reject(error) : resolve())));
      // Passport regenerated the session: the new id carries the sign-in and how it was proved.
      await signIn(ctx, actor, { kind: 'passkey-sign-in', verifiedAt, passkey }, async (record) => {
        keepSignedIn(req, record);
        await saveSession(req);
      });
      const redirect = safeReturnPath(body.returnTo) ?? successRedirect;
      if (wantsJson(req)) return res.json({ verified: true, redirect });
      res.redirect(303, redirect);
    });

    router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => sendError(req, res, ctx, error));
    return router;
  };
}
