import type { Request } from 'express';
import { standardClaims, type StandardClaims } from '../../core/standard-claims.js';
import type { HttpContext } from '../http-context.js';
import { currentStage } from './stage.js';

/**
 * `twoStep.claims(req)`: how this request's user signed in, in RFC 8176 / NIST terms, or null
 * when nobody is fully signed in — anonymous, a half-finished sign-in (password given, second
 * step not yet), forced setup — so an app can never issue a token saying `pwd` for a user
 * twostep is still holding back. Reads the session only: no store command.
 */
export function createClaims(ctx: HttpContext): (req: Request) => StandardClaims | null {
  return function claims(req: Request): StandardClaims | null {
    const stage = currentStage(ctx, req);
    return stage.kind === 'verified' ? standardClaims(stage.marker) : null;
  };
}
