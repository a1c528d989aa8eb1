import { keyedHash } from '../crypto/keyed-hash.js';
import { formatRecoveryCode, generateRecoveryCode } from '../methods/code-format.js';
import type { Actor, CoreContext } from './context.js';
import { reserveAttempt } from './reserve-attempt.js';

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
  await ctx.enrolments.replaceRecoveryCodes(actor.userId, codes.map((code) => recoveryCodeHash(ctx, code)));
  ctx.events.emit('recovery.regenerated', {
    userId: actor.userId, ip: actor.ip, at: ctx.options.now(), method: 'recovery', outcome: 'info', count: codes.length,
  });
  return codes.map(formatRecoveryCode);
}

/**
 * Spends one recovery code (already parsed to canonical form). The codes are durable (the
 * enrolment store) and the lockout expires (the counters store), so the attempt is reserved
 * first (`reserve-attempt.ts`): no more than the lockout's attempts reach the comparison,
 * and the delete in the enrolment store lets a code work exactly once.
 */
export async function spendRecoveryCode(ctx: CoreContext, actor: Actor, canonical: string): Promise<{ remaining: number }> {
  const nowMs = ctx.options.now();
  const attempt = await reserveAttempt(ctx, actor);
  const { consumed, remaining } = await ctx.enrolments.consumeRecoveryCode(actor.userId, recoveryCodeHash(ctx, canonical), nowMs);
  if (!consumed) attempt.refuse({ factor: 'recovery' });
  await attempt.release('a recovery code was used');
  ctx.events.emit('recovery.used', { userId: actor.userId, ip: actor.ip, ...(actor.lang ? { lang: actor.lang } : {}), at: nowMs, method: 'recovery', outcome: 'success', remaining });
  return { remaining };
}
