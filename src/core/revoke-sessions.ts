/**
 * `twoStep.revokeSessions(userId, { reason, exceptSessionId })`: ends every session of the
 * user signed in (or last kept) up to now, in every process. Plain values, no HTTP.
 */
import type { CoreContext } from './context.js';
import { keyedHash } from '../crypto/keyed-hash.js';

export interface RevokeSessionsOptions {
  /**
   * Why, for the `sessions.revoked` audit event: twostep uses 'admin.reset',
   * 'password.changed', 'disabled', 'method.removed' and 'signed-out-others'.
   */
  reason: string;
  /** Keep this one session (`req.sessionID`): "sign out the other sessions". @default none: every session ends */
  exceptSessionId?: string;
  /** The request IP, for the audit event. */
  ip?: string;
  /** The administrator who asked (their `users.id`), for the audit event. @default none: the user or the app */
  by?: string;
}

export interface RevokeSessionsResult {
  /** Sessions stamped at or before this instant (epoch ms, the injected clock) are refused. */
  revokedAt: number;
}

/** A session id is a bearer secret: only its keyed hash is stored and announced. */
export function sessionKeyOf(ctx: CoreContext, sessionId: string): string {
  return keyedHash(ctx.keys.hashKey, 'session-id', sessionId);
}

export async function revokeSessions(ctx: CoreContext, rawUserId: unknown, options: RevokeSessionsOptions): Promise<RevokeSessionsResult> {
  if ((typeof rawUserId !== 'string' && typeof rawUserId !== 'number') || rawUserId === '') {
    throw new TypeError(`twostep revokeSessions: userId must be the value of users.id(user), a non-empty string or a number, got ${typeof rawUserId}.`);
  }
  if (!options || typeof options.reason !== 'string' || options.reason === '') {
    throw new TypeError('twostep revokeSessions: pass { reason }, a short word for the audit log such as "admin.reset" or "stolen-laptop".');
  }
  const { exceptSessionId } = options;
  if (exceptSessionId !== undefined && (typeof exceptSessionId !== 'string' || exceptSessionId === '')) {
    throw new TypeError('twostep revokeSessions: exceptSessionId must be a session id (req.sessionID) or left out.');
  }
  const userId = String(rawUserId);
  // After every stamp this process has handed out for the user, even within the same
  // millisecond: a session signed in before this call can never be stamped after it.
  const revokedAt = ctx.revocations.stampFor(userId);
  const exceptSession = exceptSessionId === undefined ? undefined : sessionKeyOf(ctx, exceptSessionId);
  await ctx.revocations.revoke({ userId, revokedAt, ...(exceptSession === undefined ? {} : { exceptSession }) });
  ctx.events.emit('sessions.revoked', {
    userId, ip: options.ip, at: revokedAt, outcome: 'info', reason: options.reason, keptCurrent: exceptSession !== undefined,
    ...(options.by === undefined ? {} : { by: options.by }),
  });
  return { revokedAt };
}
