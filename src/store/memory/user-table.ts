/**
 * Every user's state, with lazy expiry on access and a periodic sweep for users nobody
 * asks about again.
 *
 * Expiry is decided by the `nowMs` callers pass in. The periodic sweep has no clock of its
 * own, so it uses the latest `nowMs` any call has passed (never real time, which an
 * injected test clock may be far from): it never drops what a current call would still see.
 */
import { emptyUser, pruneUser, type UserState } from './user-state.js';

export interface UserTable {
  /**
   * The user's state with everything expired by `nowMs` dropped (lazy expiry), or
   * undefined when nothing is left. Reads never create an entry, so lookups of unknown
   * users cost no memory.
   */
  live(userId: string, nowMs: number): UserState | undefined;
  /** The state as stored, without expiring anything (for calls given no clock). */
  peek(userId: string): UserState | undefined;
  /** For writes: the live state (or, without `nowMs`, the stored one), created when missing. */
  writable(userId: string, nowMs?: number): UserState;
  /** Replaces the user's whole state. */
  replace(userId: string, state: UserState): void;
  /** Stops the sweep. */
  close(): void;
}

export function userTable(sweepMs: number): UserTable {
  const users = new Map<string, UserState>();
  /** The latest `nowMs` seen: the sweep's notion of now. */
  let latestNowMs = Number.NEGATIVE_INFINITY;

  const sweep = setInterval(() => {
    for (const [userId, user] of users) if (pruneUser(user, latestNowMs)) users.delete(userId);
  }, sweepMs);
  // The sweep alone must never keep a process (or a test run) alive.
  sweep.unref();

  function live(userId: string, nowMs: number): UserState | undefined {
    if (nowMs > latestNowMs) latestNowMs = nowMs;
    const user = users.get(userId);
    if (user && pruneUser(user, nowMs)) {
      users.delete(userId);
      return undefined;
    }
    return user;
  }

  return {
    live,
    peek: (userId) => users.get(userId),
    writable(userId, nowMs) {
      let user = nowMs === undefined ? users.get(userId) : live(userId, nowMs);
      if (!user) {
        user = emptyUser();
        users.set(userId, user);
      }
      return user;
    },
    replace: (userId, state) => void users.set(userId, state),
    close: () => clearInterval(sweep),
  };
}
