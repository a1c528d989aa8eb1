import { keyedHash } from '../crypto/keyed-hash.js';
import { randomDigits } from '../crypto/random.js';
import { DeliveryTimeoutError } from '../delivery/types.js';
import { isTwoStepError, TwoStepError } from '../errors.js';
import type { MethodType } from '../enrolments/records.js';
import { unitOf } from '../methods/method-units.js';
import { lockedError, acceptOrRefuse } from './attempt-outcome.js';
import type { Actor, CoreContext } from './context.js';
import { addressSlot, releaseSlot, takeSlot } from './address-limit.js';
import { codeMessage } from './code-message.js';
import { messageLanguage } from './message-language.js';

export const CODE_DIGITS = 6;

export interface CodeDestination {
  type: 'email' | 'sms';
  /** Email address or E.164 number. */
  to: string;
  /**
   * Binds the code to one method (the login code sent to the phone does not work when the
   * user says it came by email), so the recorded `amr` is the truth.
   */
  bindTo?: string;
}

export interface SentCode {
  expiresAt: number;
  resendAt: number;
}

function secondsUntil(instantMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((instantMs - nowMs) / 1000));
}

/** Only the keyed hash is stored; the domain carries the purpose, so a code cannot cross purposes. */
function codeHash(ctx: CoreContext, purpose: string, code: string, bindTo: string | undefined): string {
  return keyedHash(ctx.keys.hashKey, `otp:${purpose}`, bindTo === undefined ? code : `${bindTo}:${code}`);
}

/**
 * Issues a code and delivers it. The store checks the cooldown and the hourly cap and
 * records the code in one atomic step; if delivery then fails, the issue is withdrawn so
 * the failed send neither counts toward the cap nor blocks a retry. Sending never touches
 * the failed-attempt count, and nothing is sent while the account is locked.
 */
export async function sendOneTimeCode(ctx: CoreContext, actor: Actor, purpose: string, destination: CodeDestination, user?: unknown): Promise<SentCode> {
  const send = ctx.options.delivery[destination.type];
  if (!send) {
    throw new TwoStepError('method_not_allowed', `Sending codes by ${unitOf(destination.type).contact?.sentBy} is not set up on this site.`);
  }
  const nowMs = ctx.options.now();
  const lock = await ctx.store.getLockState(actor.userId, nowMs);
  if (lock.lockedUntil !== null) throw lockedError(lock.lockedUntil, nowMs);

  // Before anything is issued: an app's `users.language` or `users.load` that throws leaves no code behind.
  const language = await messageLanguage(ctx, actor, user);
  // One address asking codes for many accounts (a mail or SMS bill, a flood): its own window.
  const sendHit = await takeSlot(ctx, addressSlot(ctx, 'sends', actor.ip));
  const code = randomDigits(CODE_DIGITS);
  const hash = codeHash(ctx, purpose, code, destination.bindTo);
  let issued;
  try {
    issued = await ctx.store.issueCode({
      userId: actor.userId, purpose, codeHash: hash, nowMs, ...ctx.options.codes,
    });
  } finally {
    // Only a code that goes out counts as a send.
    if (issued?.outcome !== 'issued') await releaseSlot(ctx, sendHit);
  }
  if (issued.outcome === 'too_soon') {
    const wait = secondsUntil(issued.retryAt, nowMs);
    throw new TwoStepError('resend_too_soon', `A code was sent moments ago. You can ask for a new one in ${wait} seconds; the earlier code still works.`, {
      details: { retryAfterSeconds: wait },
    });
  }
  if (issued.outcome === 'limit_reached') {
    throw new TwoStepError('send_limit_reached', 'Too many codes were sent to this account in the last hour. Use a code already sent, or try again later.', {
      details: { retryAfterSeconds: secondsUntil(issued.retryAt, nowMs) },
    });
  }

  try {
    const message = codeMessage(language, { purpose, code, issuer: ctx.options.issuer, ttlSeconds: ctx.options.codes.ttlSeconds });
    await send({
      to: destination.to,
      subject: message.subject,
      text: message.text,
      purpose,
      userId: actor.userId,
    });
  } catch (error) {
    await ctx.store.withdrawCode({ userId: actor.userId, purpose, codeHash: hash, nowMs });
    await releaseSlot(ctx, sendHit);
    // The transport's error may quote the message; report only its kind, never the code.
    if (error instanceof DeliveryTimeoutError || (isTwoStepError(error) && error.code === 'unavailable')) {
      throw new TwoStepError('unavailable', 'The code could not be sent right now: the message service is not answering. Please try again in a moment.');
    }
    throw new TwoStepError('delivery_failed', 'The code could not be sent: the message service refused it. Check the address or number, or try again later.');
  }
  return { expiresAt: issued.expiresAt, resendAt: issued.resendAt };
}

/**
 * Checks a code in one store round trip: locked → not compared; wrong or expired → one
 * failure counted; right → every outstanding code of the purpose is consumed, so a code
 * works once even under parallel requests.
 */
export async function verifyOneTimeCode(
  ctx: CoreContext,
  actor: Actor,
  purpose: string,
  code: string,
  binding: { bindTo?: string; methodType?: MethodType; setup?: boolean } = {},
): Promise<void> {
  const result = await ctx.store.consumeCode({
    userId: actor.userId,
    nowMs: ctx.options.now(),
    lockout: ctx.options.lockout,
    purpose,
    codeHash: codeHash(ctx, purpose, code, binding.bindTo),
    window: addressSlot(ctx, 'answers', actor.ip),
  });
  if (result.outcome === 'stale') throw new TwoStepError('unavailable', 'Verification is temporarily unavailable. Please try again.');
  acceptOrRefuse(ctx, result, actor, { factor: binding.methodType, sent: true, setup: binding.setup === true });
}
