import type { NextFunction, Request, Response } from 'express';
import { TwoStepError } from '../../errors.js';

function tooLarge(): TwoStepError {
  return new TwoStepError('payload_too_large', 'The request body is too large.');
}

/**
 * `bodyLimitBytes` on twostep's routes even when the app parsed the body first (the usual
 * `app.use(express.json())`, whose limit is 100 KB and whose parse makes ours a no-op):
 * the declared `Content-Length` is checked before anything reads the body, and a body
 * that arrived without one (chunked) and was already parsed is measured as parsed.
 */
export function enforceBodyLimit(limitBytes: number) {
  return function twoStepBodyLimit(req: Request, _res: Response, next: NextFunction): void {
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      const length = Number(declared);
      if (!Number.isFinite(length) || length > limitBytes) return next(tooLarge());
      return next();
    }
    const parsed: unknown = req.body;
    if (parsed !== undefined && parsed !== null) {
      let size: number;
      try {
        size = typeof parsed === 'string' || Buffer.isBuffer(parsed) ? Buffer.byteLength(parsed) : Buffer.byteLength(JSON.stringify(parsed) ?? '');
      } catch {
        // A body the app parsed into something that cannot be measured is not one of ours.
        return next(new TwoStepError('invalid_request', 'The request body could not be read: send JSON or a form.'));
      }
      if (size > limitBytes) return next(tooLarge());
    }
    next();
  };
}
