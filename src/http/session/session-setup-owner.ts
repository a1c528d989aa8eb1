/**
 * The setup owner (`core/setup-owner.ts`) of the session a request came in: the one that
 * starts a setup makes the session's key if it has none; the others only read it, so a
 * session that never started a setup owns none.
 */
import type { Request } from 'express';
import { setupOwnerOf, type SetupOwner } from '../../core/setup-owner.js';
import type { HttpContext } from '../http-context.js';
import { setupKeyOf } from './stage.js';
import { setupKeyForNewSetup } from './stage-writes.js';

export function ownerStartingSetup(ctx: HttpContext, req: Request, userId: string): SetupOwner {
  return setupOwnerOf(ctx, userId, setupKeyForNewSetup(req));
}

export function sessionSetupOwner(ctx: HttpContext, req: Request, userId: string): SetupOwner {
  return setupOwnerOf(ctx, userId, setupKeyOf(req));
}
