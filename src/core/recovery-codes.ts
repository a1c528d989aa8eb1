import { keyedHash } from '../crypto/keyed-hash.js';
import { formatRecoveryCode, generateRecoveryCode } from '../methods/code-format.js';
import { settleAttempt } from './attempt-outcome.js';
import type { Actor, CoreContext } from './context.js';

/** Codes per set: enough for years of lost phones, few enough to print on one card. */
export const RECOVERY_CODE_COUNT = 10;

/** Domain for the keyed hash, so a recovery-code hash can never equal any other hash we store. */
const RECOVERY_HASH_DOMAIN = 'recovery';

/** The only form of a recovery code that is ever stored. */
export function recoveryCodeHash(ctx: CoreContext, canonical: string): string {
  return keyedHash(ctx.keys.hashKey, RECOVERY_HASH_DOMAIN, canonical);
}

/**
 * Makes a new set of recovery codes and replaces every earlier one in a single store call.
 * The plain codes are returned once, for the user to save, and exist nowhere else.
 */
export async function issueRecoveryCodes(ctx: CoreContext, actor: Actor): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await ctx.store.replaceRecoveryCodes(actor.userId, codes.map((code) => recoveryCodeHash(ctx, code)));
  ctx.events.emit('recovery.regenerated', {
    userId: actor.userId, ip: actor.ip, at: ctx.options.now(), method: 'recovery', outcome: 'info', count: codes.length,
  });
  return codes.map(formatRecoveryCode);
}

/**
 * Spends one recovery code (already parsed to canonical form). One store round trip that
 * checks the lock, deletes the hash if present and counts a failure otherwise, so a code
 * works once even when many requests race with it, and wrong codes share the lockout.
 */
export async function spendRecoveryCode(ctx: CoreContext, actor: Actor, canonical: string): Promise<{ remaining: number }> {
  const nowMs = ctx.options.now();
  const result = await ctx.store.consumeRecoveryCode({
    userId: actor.userId,
    nowMs,
    lockout: ctx.options.lockout,
    codeHash: recoveryCodeHash(ctx, canonical),
  });
  if (result.outcome === 'stale') throw new Error('twostep: consumeRecoveryCode never answers stale');
  const { remaining = 0 } = settleAttempt(ctx, result, actor, 'recovery');
  ctx.events.emit('recovery.used', { userId: actor.userId, ip: actor.ip, at: nowMs, method: 'recovery', outcome: 'success', remaining });
  return { remaining };
}
