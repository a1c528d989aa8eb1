/**
 * A half-finished sign-in (password given, second factor or forced setup not yet) ends by
 * itself, like the codes it waits for: a session left at the challenge cannot be finished
 * an hour later by whoever finds the browser, or by a code guessed slowly across lock periods.
 *
 * It lasts `pendingSeconds` from the password, and at least until the latest email/SMS code
 * sent to it expires: each code keeps its full lifetime (a code resent 5 minutes in is good
 * for its whole 10 minutes), as the codes' own rule says. `pendingMaxSeconds` from the password
 * caps both, so resending cannot keep a sign-in alive for ever.
 */
export interface SignInLifetime {
  pendingSeconds: number;
  pendingMaxSeconds: number;
}

export interface HalfSignIn {
  startedAt: unknown;
  /** When the latest code sent to this sign-in expires (epoch ms), if any was sent. */
  codesExpireAt?: unknown;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The instant the half sign-in ends (epoch ms). */
export function halfSignInDeadline(state: HalfSignIn, lifetime: SignInLifetime): number {
  const { startedAt, codesExpireAt } = state;
  // A start that is not a number (a session written by an older version) has ended.
  if (!finite(startedAt)) return Number.NEGATIVE_INFINITY;
  const base = startedAt + lifetime.pendingSeconds * 1000;
  const withCodes = finite(codesExpireAt) ? Math.max(base, codesExpireAt) : base;
  return Math.min(withCodes, startedAt + lifetime.pendingMaxSeconds * 1000);
}

/** Ended at the deadline itself, as a code is dead at its `expiresAt`. */
export function halfSignInEnded(state: HalfSignIn, nowMs: number, lifetime: SignInLifetime): boolean {
  return nowMs >= halfSignInDeadline(state, lifetime);
}
