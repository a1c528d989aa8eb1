import type { Request, Response, Router } from 'express';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';

function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
}

/**
 * Sign out, from any twostep page: someone halfway through signing in (wrong account, no
 * phone at hand) leaves without finishing. The whole session goes — Passport's login and the
 * pending state with it — and the browser goes back to the app's sign-in page.
 */
export function mountCancelRoute(router: Router, ctx: HttpContext): void {
  const { loginPath } = ctx.options;
  router.post('/cancel', async (req: Request, res: Response) => {
    if (req.session) await destroySession(req);
    req.user = undefined;
    if (wantsJson(req)) return res.json({ signedOut: true, redirect: loginPath });
    res.redirect(303, loginPath);
  });
}
