import type { NextFunction, Request, Response, Router } from 'express';
import { twoStepRouter } from './forward-rejections.js';
import type { HttpContext } from './http-context.js';
import { readRequest } from './middleware/read-request.js';
import { sendError } from './respond/send-error.js';
import { mountAssetRoutes } from './routes/asset-routes.js';
import { mountAccountRoutes } from './routes/account-routes.js';
import { mountCancelRoute } from './routes/cancel-route.js';
import { mountDeviceRoutes } from './routes/device-routes.js';
import { mountMethodRoutes } from './routes/method-routes.js';
import { mountPromptRoutes } from './routes/prompt-routes.js';
import { mountRecoveryRoutes } from './routes/recovery-routes.js';
import { mountReverifyRoutes } from './routes/reverify-routes.js';
import { mountVerifyRoutes } from './routes/verify-routes.js';
import { mountSessionRoutes } from './routes/session-routes.js';
import { mountWebAuthnRoutes } from './routes/webauthn-routes.js';

/** The routes under the mount path. Every route speaks JSON and HTML forms. */
export function createRouter(ctx: HttpContext): Router {
  const router = twoStepRouter();
  // A session that knows its account is locked was refused by the gate (middleware/known-lock.ts).
  router.use(readRequest(ctx));
  mountAssetRoutes(router);

  mountVerifyRoutes(router, ctx);
  mountMethodRoutes(router, ctx);
  mountWebAuthnRoutes(router, ctx);
  mountAccountRoutes(router, ctx);
  mountReverifyRoutes(router, ctx);
  mountRecoveryRoutes(router, ctx);
  mountDeviceRoutes(router, ctx);
  mountPromptRoutes(router, ctx);
  mountCancelRoute(router, ctx);
  mountSessionRoutes(router, ctx);

  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => sendError(req, res, ctx, error));
  return router;
}
