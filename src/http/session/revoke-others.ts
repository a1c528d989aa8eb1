/**
 * Changes made from a session that should end the user's other sessions but not this one
 * (turning 2FA off, removing a method, "Sign out all other sessions").
 */
import type { Request } from 'express';
import { revokeSessions, type RevokeSessionsResult } from '../../core/revoke-sessions.js';
import { restamp } from '../../core/sign-in.js';
import type { HttpContext } from '../http-context.js';

export async function revokeOtherSessions(ctx: HttpContext, req: Request, userId: string, reason: string): Promise<RevokeSessionsResult> {
  const result = await revokeSessions(ctx, userId, { reason, exceptSessionId: req.sessionID, ip: req.ip });
  // Re-stamped at once; the exception in the record covers the processes that see this
  // session before its re-stamped copy is saved.
  const marker = req.session.twoStep;
  if (marker?.userId === userId) restamp(ctx, marker);
  return result;
}
