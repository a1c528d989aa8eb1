import express, { type NextFunction, type Request, type Response, type Router } from 'express';

type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
type ErrorHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => unknown;

function forwardIfRejected(result: unknown, next: NextFunction): void {
  if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(undefined, (error: unknown) => next(error ?? new Error('twostep: a handler rejected without a reason')));
  }
}

/**
 * Express 5 hands a handler's rejected promise to `next(err)`; Express 4 drops it, and
 * Node ends the process on the unhandled rejection. Every handler twostep gives Express
 * goes through here, so a store that stops mid-request is answered (503) on both lines.
 * The arity is kept: Express tells an error handler by its four parameters.
 */
export function forwardRejection<H extends Handler | ErrorHandler>(handler: H): H {
  if (handler.length >= 4) {
    const onError = handler as ErrorHandler;
    return function forwardErrorRejection(error: unknown, req: Request, res: Response, next: NextFunction) {
      forwardIfRejected(onError(error, req, res, next), next);
    } as H;
  }
  const onRequest = handler as Handler;
  return function forwardRequestRejection(req: Request, res: Response, next: NextFunction) {
    forwardIfRejected(onRequest(req, res, next), next);
  } as H;
}

function wrapArgument(argument: unknown): unknown {
  if (typeof argument === 'function') return forwardRejection(argument as Handler);
  if (Array.isArray(argument)) return argument.map(wrapArgument);
  return argument; // a path
}

const REGISTRATIONS = ['all', 'get', 'post', 'put', 'patch', 'delete', 'use'] as const;

/**
 * `express.Router()` whose every registered handler and middleware forwards its rejection
 * (see `forwardRejection`): the one boundary where twostep's routes meet Express, so no
 * route needs its own try/catch for it.
 */
export function twoStepRouter(): Router {
  const router = express.Router();
  const registry = router as unknown as Record<(typeof REGISTRATIONS)[number], (...args: unknown[]) => Router>;
  for (const name of REGISTRATIONS) {
    const register = registry[name].bind(router);
    registry[name] = (...args: unknown[]) => register(...args.map(wrapArgument));
  }
  return router;
}
