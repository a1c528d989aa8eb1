import type {} from 'express-session';
import type { Request } from 'express';
import type { Assurance } from '../../core/assurance.js';
import type { ChallengeSnapshot } from '../../core/enrolment-snapshot.js';
import { pack, unpackOnce } from '../../hot-path.js';

/** A session that passed the password but not yet the second factor. */
export interface PendingState {
  userId: string;
  startedAt: number;
  /** Where the user was going: the login route's redirect, or the page they asked for. */
  returnTo?: string;
  /**
   * Confirmed methods, sealed secrets and masked labels only (`challengeSnapshot`), packed
   * as one JSON string (why: `hot-path.ts`). Read it with `pendingSnapshot`.
   */
  snapshot: string;
  /** The email/SMS method the last sign-in code went to: the default for verifying. */
  sentMethodId?: string;
  /** When another code may be sent (epoch ms), for the page's countdown. */
  resendAt?: number;
  /** When the latest code sent to this sign-in expires (epoch ms): it lives at least that long. */
  codesExpireAt?: number;
  /**
   * The account's lock as the store last reported it to this session (epoch ms). Until then
   * this session refuses answers by itself: no store call, no secret opened, no HMAC. It can
   * only refuse more than the store would (an admin unlock is seen once the instant passes).
   */
  lockedUntil?: number;
}

/** A user the policy requires to use 2FA, who has no method yet: only setup is reachable. */
export interface SetupState {
  userId: string;
  startedAt: number;
  /** Where the user was going: the login route's redirect, or the page they asked for. */
  returnTo?: string;
}

/** An optional user without 2FA, to be offered setup on the next page they open (once). */
export interface PromptState {
  userId: string;
}

declare module 'express-session' {
  interface SessionData {
    twoStep?: Assurance;
    twoStepPending?: PendingState;
    twoStepSetup?: SetupState;
    twoStepPrompt?: PromptState;
    /** Where setup started from the prompt ends (the page the user was opening). */
    twoStepReturnTo?: string;
    /**
     * Random key of this session's setups (`core/setup-owner.ts`): made when the session
     * starts its first setup; only a session holding it may see or confirm those setups.
     */
    twoStepSetupKey?: string;
    passport?: { user?: unknown };
  }
}

/** The pending state for a session: the snapshot packed (see `PendingState.snapshot`). */
export function newPendingState(userId: string, startedAt: number, snapshot: ChallengeSnapshot): PendingState {
  return { userId, startedAt, snapshot: pack(snapshot) };
}

/** The pending session's snapshot, parsed once per request. */
export function pendingSnapshot(pending: PendingState): ChallengeSnapshot {
  return unpackOnce<ChallengeSnapshot>(pending, pending.snapshot);
}

const HELD_USER = Symbol('twostep.heldUser');

type RequestWithHeldUser = Request & { [HELD_USER]?: unknown };

/**
 * Deny by default: while pending, `req.user` is unset so `req.isAuthenticated()` is false
 * for every app route. twostep's own routes read the user from here instead.
 */
export function holdBackUser(req: Request): void {
  (req as RequestWithHeldUser)[HELD_USER] = req.user;
  req.user = undefined;
}

export function heldUser(req: Request): unknown {
  return (req as RequestWithHeldUser)[HELD_USER];
}

/** The user held back by `holdBackUser` is gone too (a half sign-in that ended). */
export function forgetHeldUser(req: Request): void {
  (req as RequestWithHeldUser)[HELD_USER] = undefined;
  req.user = undefined;
}
