/**
 * What the memory store holds for one user, mirroring the Redis keys (see `keys.ts`), and
 * the expiry rules that drop what Redis TTLs would have dropped.
 */
import type { TrustedDeviceRecord } from '../types.js';

export const HOUR_MS = 3_600_000;

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** Mirrors the Redis keys of one user (see `keys.ts`). */
export interface UserState {
  /** The newest enrolment version seen (mirror of the enrolment store's); 0 when none. */
  enrolmentVersion: number;
  lock?: { failures: number; failuresExpireAt: number; lockedUntil: number | null };
  /** TOTP method id → the last step accepted from it. */
  lastSteps: Map<string, Expiring<number>>;
  /** purpose → code hash → expiresAt */
  codes: Map<string, Map<string, number>>;
  /** purpose → resendAt */
  cooldowns: Map<string, number>;
  /** Send times within the last hour, any purpose. */
  sends: { at: number; purpose: string; codeHash: string }[];
  devices: Map<string, TrustedDeviceRecord>;
  /** Noted sign-ins (new-sign-in alerts): network key → last seen, the first noted, the last alert; gone at `expiresAt`. */
  signIns?: { firstAt: number; alertAt: number | null; networks: Map<string, number>; expiresAt: number };
}

export function emptyUser(): UserState {
  return { enrolmentVersion: 0, lastSteps: new Map(), codes: new Map(), cooldowns: new Map(), sends: [], devices: new Map() };
}

/** Drops whatever expired by `nowMs`; true when nothing is left and the user can be forgotten. */
export function pruneUser(user: UserState, nowMs: number): boolean {
  if (user.lock) {
    const lockAlive = user.lock.lockedUntil !== null && nowMs < user.lock.lockedUntil;
    if (!lockAlive && nowMs >= user.lock.failuresExpireAt) user.lock = undefined;
  }
  for (const [methodId, step] of user.lastSteps) if (nowMs >= step.expiresAt) user.lastSteps.delete(methodId);
  for (const [purpose, codes] of user.codes) {
    for (const [hash, expiresAt] of codes) if (nowMs >= expiresAt) codes.delete(hash);
    if (codes.size === 0) user.codes.delete(purpose);
  }
  for (const [purpose, resendAt] of user.cooldowns) if (nowMs >= resendAt) user.cooldowns.delete(purpose);
  user.sends = user.sends.filter((send) => nowMs < send.at + HOUR_MS);
  for (const [id, record] of user.devices) if (nowMs >= record.expiresAt) user.devices.delete(id);
  if (user.signIns && nowMs >= user.signIns.expiresAt) user.signIns = undefined;
  return (
    user.enrolmentVersion === 0 &&
    user.lock === undefined &&
    user.lastSteps.size === 0 &&
    user.codes.size === 0 &&
    user.cooldowns.size === 0 &&
    user.sends.length === 0 &&
    user.devices.size === 0 &&
    user.signIns === undefined
  );
}
