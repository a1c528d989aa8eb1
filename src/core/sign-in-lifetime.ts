/**
 * A half-finished sign-in (password given, second factor or forced setup not yet) ends by
 * itself, like the codes it waits for: a session left at the challenge cannot be finished
 * an hour later by whoever finds the browser, or by a code guessed slowly across lock periods.
 * A start that is not a number (a session written by an older version) has ended too.
 */
export function halfSignInEnded(startedAtMs: unknown, nowMs: number, pendingSeconds: number): boolean {
  if (typeof startedAtMs !== 'number' || !Number.isFinite(startedAtMs)) return true;
  return nowMs - startedAtMs >= pendingSeconds * 1000;
}
