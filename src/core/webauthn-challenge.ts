/**
 * WebAuthn challenges: random, short-lived, kept in the counters store in a slot bound to
 * the user (or, for passkey sign-in, to nobody yet), the session and the purpose, and taken
 * out atomically once. A replayed answer, an answer made for another session's or user's
 * challenge, and a late answer all find the slot empty.
 */
import { randomBytes } from 'node:crypto';
import { keyedHash } from '../crypto/keyed-hash.js';
import type { WebAuthnChallengeSlot } from '../store/types.js';
import type { CoreContext } from './context.js';

/** The browser's prompt times out with it; WebAuthn recommends minutes, not hours. */
export const WEBAUTHN_CHALLENGE_TTL_SECONDS = 300;

/** The session enters the store only as a keyed hash: the store never holds a usable session id. */
export function sessionHashOf(ctx: CoreContext, sessionId: string): string {
  return keyedHash(ctx.keys.hashKey, 'webauthn-session', sessionId);
}

export async function issueChallenge(ctx: CoreContext, slot: WebAuthnChallengeSlot): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  await ctx.store.putWebAuthnChallenge({ ...slot, challenge, nowMs: ctx.options.now(), ttlSeconds: WEBAUTHN_CHALLENGE_TTL_SECONDS });
  return challenge;
}

export function takeChallenge(ctx: CoreContext, slot: WebAuthnChallengeSlot): Promise<string | null> {
  return ctx.store.takeWebAuthnChallenge({ ...slot, nowMs: ctx.options.now() });
}
