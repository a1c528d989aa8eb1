import type { Request } from 'express';
import type { ResolvedOptions } from '../../options-types.js';

/**
 * The app's own sign-in and sign-out routes, which a half-signed-in session must still reach:
 * someone stuck at the challenge (wrong account, no phone at hand) signs out or signs in as
 * someone else. They get there with `req.user` unset, like every app route, so the app's
 * handlers see an anonymous visitor; Passport's login and logout regenerate the session,
 * which drops the first sign-in's pending state.
 */
export function isSignInRoute(options: Pick<ResolvedOptions, 'loginPaths' | 'logoutPath'>, req: Request): boolean {
  if (options.loginPaths.includes(req.path)) return req.method === 'GET' || req.method === 'HEAD' || req.method === 'POST';
  return options.logoutPath !== false && req.path === options.logoutPath;
}
