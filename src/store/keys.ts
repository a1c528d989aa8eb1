/**
 * Redis key naming. Every key of one user carries the same cluster hash tag,
 * `twostep:{<encoded user id>}:<part>`, so each Lua script (which only ever touches one
 * user's keys) runs on a single shard of a Redis Cluster.
 *
 * The user id is base64url-encoded: an id holding `{`, `}` or `:` could otherwise end the
 * hash tag early (scattering a user over shards) or collide with another user's keys.
 *
 * The set of parts is fixed, so `resetUser` can name every key without `KEYS`/`SCAN`:
 * values that vary (code purposes, device ids) are fields inside a per-user hash.
 */

/** @default 'twostep:' */
export const DEFAULT_KEY_PREFIX = 'twostep:';

export function encodeKeyPart(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

export interface UserKeys {
  /**
   * Enrolment store on Redis (`redisEnrolments`) only: hash `v` (version), `e` (JSON of the
   * `Enrolment`), `s` (last accepted TOTP step); never expires.
   */
  enrolment: string;
  /** Enrolment store on Redis only: set of recovery-code hashes; never expires. */
  recovery: string;
  /**
   * Counters store: the newest enrolment version seen, mirrored from the enrolment store so
   * a TOTP attempt on an old snapshot is answered `stale` in the same script.
   */
  enrolmentVersion: string;
  /** Hash `f` (failures), `fx` (failures forgotten at, ms), `lu` (locked until, ms). */
  lock: string;
  /** Hash TOTP method id → `<forget at ms>.<last accepted step>`; expires with its newest field. */
  totp: string;
  /** Hash `<base64url purpose>.<code hash>` → expiresAt (ms). */
  codes: string;
  /** Hash purpose → resendAt (ms). */
  cooldowns: string;
  /** Sorted set of sends in the last hour, scored by send time (ms). */
  sends: string;
  /** Hash device id → JSON `TrustedDeviceRecord`. */
  devices: string;
  /** Hash `<base64url purpose>.<session hash>` → `<expiresAt ms>.<challenge>`; expires with its newest field. */
  webauthn: string;
  /**
   * Hash of the user's noted sign-ins (new-sign-in alerts): `n.<network key>` → last seen
   * (ms), `first` → first noted (ms), `last` → last noted (ms), `alert` → last alert (ms); expires `userMemoryMs` after
   * the last sign-in.
   */
  signIns: string;
}

export function userKeys(userId: string, keyPrefix: string = DEFAULT_KEY_PREFIX): UserKeys {
  const base = `${keyPrefix}{${encodeKeyPart(userId)}}:`;
  return {
    enrolment: `${base}enrolment`,
    recovery: `${base}recovery`,
    enrolmentVersion: `${base}enrolment-version`,
    lock: `${base}lock`,
    totp: `${base}totp`,
    codes: `${base}codes`,
    cooldowns: `${base}cooldowns`,
    sends: `${base}sends`,
    devices: `${base}devices`,
    webauthn: `${base}webauthn`,
    signIns: `${base}sign-ins`,
  };
}

/**
 * Field of one code in the `codes` hash. The purpose is encoded (base64url has no `.`)
 * so that "every code of this purpose" is an unambiguous prefix match.
 */
export function codeField(purpose: string, codeHash: string): string {
  return `${codePurposePrefix(purpose)}${codeHash}`;
}

export function codePurposePrefix(purpose: string): string {
  return `${encodeKeyPart(purpose)}.`;
}

/**
 * A sliding window (`WindowSlot.key`, already base64url and `.`): a sorted set of hits scored
 * by time, with a hash tag of its own, so on a Cluster each window is one key on one shard.
 */
export function windowKey(key: string, keyPrefix: string = DEFAULT_KEY_PREFIX): string {
  return `${keyPrefix}{w.${key}}`;
}
