/**
 * The counters-store contract (`CountersStore`): everything that expires (failures and locks, one-time codes,
 * cooldowns and send caps, TOTP steps recently accepted, trusted devices). Long-lived
 * enrolment records live in the enrolment store (`../enrolments/types.ts`); what a backend
 * hands the app beside the counters is `TwoStepStore` (`../backends/types.ts`). Every method is a promise; every method that decides something
 * (count a failure and lock, consume a code, accept a TOTP step, issue a code under a
 * cooldown, rotate a device token) is atomic: on Redis it is exactly one Lua script, so
 * parallel requests from any number of processes cannot race past a limit.
 *
 * Stores know nothing of HTTP or policy. They receive hashes and sealed secrets, never a
 * plain code or secret. Time is always passed in (`nowMs`, epoch milliseconds) so that
 * an injected clock drives expiry in tests; stores still set real TTLs so that Redis
 * forgets what expired.
 *
 * Any failure to reach the backend must reject with `StoreUnavailableError` (see
 * `../errors.ts`) so that callers fail closed with `503 unavailable`.
 */
export interface LockoutPolicy {
  /** Failed attempts, across all methods and sessions, that lock the second step. */
  maxAttempts: number;
  /** How long the lock lasts; failures older than this are forgotten too. */
  lockSeconds: number;
}

export interface LockState {
  failures: number;
  /** Epoch ms, or null when not locked. */
  lockedUntil: number | null;
}

/** How one attempt at a second factor ended, decided atomically by the store. */
export type AttemptResult =
  | { outcome: 'accepted'; remaining?: number }
  | { outcome: 'rejected'; failures: number; attemptsLeft: number; lockedUntil: number | null }
  /** Locked before this attempt: it was not compared and not counted, and the lock is not extended. */
  | { outcome: 'locked'; lockedUntil: number }
  /** TOTP only: the enrolment changed since the caller read it; nothing was counted, reload and retry. */
  | { outcome: 'stale' }
  /** The client address's window (`AttemptInput.window`) was full: nothing compared, nothing counted anywhere. */
  | { outcome: 'limited'; retryAt: number };

/**
 * A sliding window of hits (wrong answers, sends, sign-in options) of one subject, such as one
 * client address: at most `max` hits within any `windowSeconds`. Each hit is a `member`
 * (random, unique), so a reserved hit can be released again by name.
 */
export interface WindowSlot {
  /** Names the window: its kind and subject (`answers.<keyed hash of the address>`); base64url and `.` only. */
  key: string;
  windowSeconds: number;
  max: number;
  /** This hit's name within the window. */
  member: string;
}

export type WindowResult = { outcome: 'taken' } | { outcome: 'full'; retryAt: number };

export interface AttemptInput {
  userId: string;
  nowMs: number;
  lockout: LockoutPolicy;
  /**
   * The client address's window of wrong answers, decided with the attempt: full → `limited`
   * before anything else; a `rejected` attempt takes `member` in it (kept: a wrong answer
   * counts); any other outcome takes nothing. On a single Redis this is the same script as the
   * attempt; on a Cluster (other shard) a reservation made first and released unless rejected.
   */
  window?: WindowSlot;
}

export interface TotpAttemptInput extends AttemptInput {
  /** The enrolment version the caller's snapshot was read at; older than the mirrored one → `stale`. */
  version: number;
  /**
   * The authenticator (TOTP method id) the code was checked against. Used steps belong to it,
   * not to the user: a new secret (an admin reset, a second app) starts with none used.
   */
  methodId: string;
  /**
   * The time step the submitted code matched (computed by the caller, who holds the
   * secret), or null when it matched none. A step at or below the last one accepted for
   * this method is a replay and counts as a failure.
   */
  matchedStep: number | null;
  /** How long to remember the last accepted step; longer than the acceptance window. */
  stepRetentionSeconds: number;
}

export interface CodeAttemptInput extends AttemptInput {
  /** What the code was issued for: 'login', 'setup:<methodId>', 'password-reset', ... */
  purpose: string;
  /** Keyed hash of the submitted code. */
  codeHash: string;
}

export interface IssueCodeInput {
  userId: string;
  purpose: string;
  codeHash: string;
  nowMs: number;
  ttlSeconds: number;
  /** No new code for this purpose until this long after the last one. */
  cooldownSeconds: number;
  /** Codes of any purpose sent to the user within a sliding hour. */
  maxSendsPerHour: number;
}

export type IssueCodeResult =
  | { outcome: 'issued'; expiresAt: number; resendAt: number }
  | { outcome: 'too_soon'; retryAt: number }
  | { outcome: 'limit_reached'; retryAt: number };

export interface TrustedDeviceRecord {
  id: string;
  /** Keyed hash of the current cookie token; the token itself is never stored. */
  tokenHash: string;
  /** Browser and platform, for the device list ("Chrome on Windows"). */
  label: string;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
}

/**
 * One verified sign-in, as new-sign-in alerts note it (`noteSignIn`). The store keeps, per
 * user, when each network was last seen (by its keyed hash only, never an address), when the
 * user was first noted, and when the last alert went out; it decides nothing about devices.
 */
export interface SignInSighting {
  userId: string;
  /** Keyed hash of the client's network (its /24 or /48), bound to the user; base64url. */
  networkKey: string;
  nowMs: number;
  /** A network last seen this long ago (or longer) is new again, and forgotten. */
  memoryMs: number;
  /**
   * How long the user's record lasts after their last sign-in; past it, the next sign-in is
   * the first again. At least `memoryMs`.
   */
  userMemoryMs: number;
  /** No alert within this long of the last one. */
  minIntervalMs: number;
  /** The most networks kept per user; the least recently seen are dropped first. */
  maxNetworks: number;
  /** Only a sign-in from a device not known (no valid trusted-device cookie) may take the alert. */
  newDevice: boolean;
}

/** What `noteSignIn` found, before it noted this sign-in. */
export interface SignInNote {
  /** The user had no record: the first sign-in noted (after enrolment, a reset, or a long absence). */
  firstEver: boolean;
  /** This network was seen for the user within `memoryMs`. */
  networkSeen: boolean;
  /**
   * `newDevice`, not `firstEver`, not `networkSeen`, and no alert within `minIntervalMs`: the
   * caller should alert, and the alert's time was recorded (of concurrent sign-ins, one wins).
   */
  alertAllowed: boolean;
}

/** Where a WebAuthn challenge belongs: one per owner, session and purpose. */
export interface WebAuthnChallengeSlot {
  /** The user it was issued for; null for a passkey sign-in, where nobody is known yet. */
  userId: string | null;
  /** Keyed hash of the session it was issued to (never the session id itself). */
  sessionHash: string;
  /** 'authenticate', 'register:<methodId>', 'passkey-login'. */
  purpose: string;
}

export interface CountersStore {
  // ---- the enrolment version, mirrored for stale-snapshot checks ----
  /** Remembers `version` as the user's newest enrolment version; never moves it back. */
  noteEnrolmentVersion(userId: string, version: number): Promise<void>;

  // ---- lockout ----
  getLockState(userId: string, nowMs: number): Promise<LockState>;
  /** Lifts a lock and forgets failures. */
  clearLock(userId: string): Promise<void>;
  /** Forgets failures after a success compared elsewhere; a lock still in force at `nowMs` stays. */
  clearFailures(userId: string, nowMs: number): Promise<void>;
  /**
   * Counts one failure, unless locked (then `locked`, nothing counted). Also the way to
   * reserve an attempt whose answer is compared elsewhere (a password, a recovery code in
   * the enrolment store): count first, compare only if not locked; on success `clearLock`
   * when this reservation set the lock, `clearFailures` otherwise.
   */
  recordFailure(input: AttemptInput): Promise<AttemptResult>;

  // ---- second-factor attempts: each one atomic round trip ----
  /**
   * The TOTP decision: refuses while locked, answers `stale` (nothing counted) for an old
   * snapshot, counts a wrong code (`matchedStep` null) or a replayed step as a failure, and
   * otherwise consumes the step, so the same code never works twice.
   */
  consumeTotpStep(input: TotpAttemptInput): Promise<AttemptResult>;
  /** On success every outstanding code of that purpose is consumed. */
  consumeCode(input: CodeAttemptInput): Promise<AttemptResult>;

  // ---- email / SMS codes ----
  /** Checks cooldown and hourly cap, then records the code; all or nothing. */
  issueCode(input: IssueCodeInput): Promise<IssueCodeResult>;
  /** Undoes `issueCode` after the delivery failed: the code, the cooldown and the send count. */
  withdrawCode(input: { userId: string; purpose: string; codeHash: string; nowMs: number }): Promise<void>;

  // ---- trusted devices ----
  /** Stored until `record.expiresAt`. */
  putDevice(userId: string, record: TrustedDeviceRecord): Promise<void>;
  getDevice(userId: string, deviceId: string, nowMs: number): Promise<TrustedDeviceRecord | null>;
  /** Compare-and-swap of the token hash: false when the token was already rotated or revoked. */
  rotateDevice(
    userId: string,
    deviceId: string,
    change: { expectedTokenHash: string; newTokenHash: string; lastUsedAt: number; expiresAt: number },
  ): Promise<boolean>;
  listDevices(userId: string, nowMs: number): Promise<TrustedDeviceRecord[]>;
  deleteDevice(userId: string, deviceId: string): Promise<boolean>;
  /** Returns how many were revoked. */
  deleteAllDevices(userId: string): Promise<number>;

  // ---- WebAuthn challenges (short-lived; not part of `resetUser`, they expire by themselves) ----
  /** Keeps `challenge` in its slot until `nowMs + ttlSeconds`, replacing the slot's earlier one. */
  putWebAuthnChallenge(input: WebAuthnChallengeSlot & { challenge: string; nowMs: number; ttlSeconds: number }): Promise<void>;
  /**
   * Empties the slot and returns what it held, or null when it held nothing or an expired
   * challenge. Atomic: of concurrent calls on one slot, at most one gets the challenge.
   */
  takeWebAuthnChallenge(input: WebAuthnChallengeSlot & { nowMs: number }): Promise<string | null>;

  // ---- sliding windows per client address (and other anonymous subjects) ----
  /** Takes `member` in the window unless it is full (then `full`, nothing taken, with when a hit may be made again). Atomic. */
  takeWindowSlot(input: WindowSlot & { nowMs: number }): Promise<WindowResult>;
  /** Gives back a taken hit (a reserved attempt whose answer was right, a send whose delivery failed). */
  releaseWindowSlot(input: { key: string; member: string }): Promise<void>;

  // ---- new-sign-in alerts ----
  /**
   * Notes a verified sign-in's network (its time; networks past `memoryMs` and beyond
   * `maxNetworks` forgotten) and says whether to alert, taking the alert under the per-user
   * interval. Atomic: on Redis one script. Added in the release with `notifications.newSignIn`;
   * a custom store must implement it (it is called only when that option is on).
   */
  noteSignIn(input: SignInSighting): Promise<SignInNote>;

  // ---- administration ----
  /** Forgets everything expiring about the user (codes, devices, lock, recent TOTP steps, noted sign-ins); keeps the version mirror. */
  resetUser(userId: string): Promise<void>;

  /** Checks the backend is fit for use; called by `twoStep.ready()`. */
  prepare?(): Promise<void>;

  /** Releases timers and connections the store owns (never the caller's Redis client). */
  close?(): Promise<void>;
}
