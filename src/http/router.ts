import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { twoStepRouter } from './forward-rejections.js';
import type { HttpContext } from './http-context.js';
import { enforceBodyLimit } from './middleware/body-limit.js';
import { sendError } from './respond/send-error.js';
import { checkCsrf } from './middleware/csrf.js';
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

/**
 * What every route needs first, in order: the body limit, the JSON or form body, no caching
 * (pages show codes and keys), the CSRF check. One router layer rather than four: each layer
 * is a path match and a hop, paid by every answer of a wrong-code flood.
 */
function readRequest(ctx: HttpContext) {
  const limit = ctx.options.bodyLimitBytes;
  const checkSize = enforceBodyLimit(limit);
  const readJson = express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  const readForm = express.urlencoded({ extended: false, limit, parameterLimit: 50 });
  return function twoStepReadRequest(req: Request, res: Response, next: NextFunction): void {
    checkSize(req, res, (sizeError?: unknown) => {
      if (sizeError) return next(sizeError);
      readJson(req, res, (jsonError?: unknown) => {
        if (jsonError) return next(jsonError);
        readForm(req, res, (formError?: unknown) => {
          if (formError) return next(formError);
          res.setHeader('Cache-Control', 'no-store');
          try {
            checkCsrf(ctx, req);
          } catch (error) {
            return next(error);
          }
          next();
        });
      });
    });
  };
}
