import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { allowedMethodTypes, assertMethodAllowed } from '../../core/allowed-methods.js';
import { checkAssertion } from '../../core/webauthn-assertion.js';
import { signIn } from '../../core/sign-in.js';
import { issueChallenge, sessionHashOf, takeChallenge, WEBAUTHN_CHALLENGE_TTL_SECONDS } from '../../core/webauthn-challenge.js';
import { userIdFromHandle } from '../../core/webauthn-user-handle.js';
import { TwoStepConfigError, TwoStepError } from '../../errors.js';
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

const PURPOSE = 'passkey-login';

export interface PasskeyLoginOptions {
  /** Where a browser goes after signing in, when the form names no `returnTo`. @default the `successRedirect` option */
  successRedirect?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** Marks a session that asked for passkey sign-in options, so express-session keeps it (and its id) until the answer. */
    twoStepPasskeyLogin?: number;
  }
}

/**
 * `app.use('/login/passkey', twoStep.passkeyLogin())`: sign-in with a discoverable passkey
 * and user verification, which proves both factors at once (something you have, and the PIN
 * or fingerprint that unlocked it), so no password is asked. `POST {base}/options` gives the
 * request options; `POST {base}` with `{credential}` signs the user in through Passport with
 * amr ['hwk', 'user']. The shared lockout, `allowedMethods` and a locked account apply.
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
      // An unsaved new session would get another id on the next request: keep this one.
      req.session.twoStepPasskeyLogin = ctx.options.now();
      const challenge = await issueChallenge(ctx, { userId: null, sessionHash: sessionHashOf(ctx, req.sessionID), purpose: PURPOSE });
      const requestOptions = await generateAuthenticationOptions({
        rpID: webauthn.rpID,
        challenge: Buffer.from(challenge, 'base64url'),
        timeout: WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
        // Without a password, the authenticator's own check of the person is the second factor.
        userVerification: 'required',
      });
      await saveSession(req);
      res.json({ options: requestOptions });
    });

    router.post('/', async (req: Request, res: Response) => {
      const body = bodyOf(req);
      const credential = parseAuthenticationResponse(body.credential);
      const sessionHash = sessionHashOf(ctx, req.sessionID);
      const handle = credential.response.userHandle;
      const userId = handle === undefined ? null : userIdFromHandle(ctx.keys, handle);
      const user = userId === null ? null : await load(userId);
      if (userId === null || !user) {
        // Nobody to count against: spend the challenge so the answer cannot be tried again.
        await takeChallenge(ctx, { userId: null, sessionHash, purpose: PURPOSE });
        throw new TwoStepError('invalid_code', handle === undefined
          ? 'This passkey does not say whose it is. Sign in with your password, then use it as your second step.'
          : 'This passkey is not known here. Sign in with your password.');
      }
      const actor = { userId, ip: req.ip };
      assertMethodAllowed(await allowedMethodTypes(ctx, user), 'webauthn');
      await checkAssertion(ctx, actor, { sessionHash, purpose: PURPOSE, challengeUserId: null }, credential, { requireUserVerification: true });

      const verifiedAt = ctx.options.now();
      await new Promise<void>((resolve, reject) => req.logIn(user as Express.User, (error) => (error ? reject(error) : resolve())));
      // Passport regenerated the session: the new id carries the sign-in and how it was proved.
      await signIn(ctx, actor, { kind: 'passkey-sign-in', verifiedAt }, async (record) => {
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
