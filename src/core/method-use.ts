/**
 * When a method was last used, for the methods whose answer leaves no durable trace of its
 * own: a sent code lived in the counters store, so its method's last use is one more
 * statement — after a right code only (an authenticator app's is written by the statement
 * that accepts its step; a recovery code's by the one that consumes it).
 */
import type { CoreContext } from './context.js';

/** Cosmetic: if it fails, the sign-in or setup goes on (nobody is locked out over a "last used" date). */
export async function recordSentCodeUse(ctx: CoreContext, userId: string, methodId: string): Promise<void> {
  try {
    await ctx.enrolments.recordMethodUse?.(userId, methodId, ctx.options.now());
  } catch (error) {
    console.warn('twostep: could not record when a method was last used; going on', error);
  }
}
