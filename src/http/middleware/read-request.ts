import express, { type NextFunction, type Request, type Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { enforceBodyLimit } from './body-limit.js';
import { checkCsrf } from './csrf.js';

/**
 * What every route of twostep's routers needs first, in order: the body limit, the JSON or
 * form body, no caching (pages show codes and keys), the CSRF check. One router layer rather
 * than four: each layer is a path match and a hop, paid by every answer of a wrong-code flood.
 * `limit` is `bodyLimitBytes` unless a router needs more (the admin router's settings form).
 */
export function readRequest(ctx: HttpContext, limit = ctx.options.bodyLimitBytes) {
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
