/**
 * Every metric twostep reports, in one list: its name, kind, help text and label names, and
 * for each label the fixed set of values it may take. No label ever holds a user id, an
 * address or free text: a value outside its set is reported as "other" (`bounded-labels.ts`),
 * so the number of series stays bounded whatever a caller or an attacker sends.
 */

/** The values of each label; "other" is added to every set. */
export const LABEL_VALUES = {
  /** The factor answered at the challenge; "none" for a trusted device or network, which answers nothing. */
  method: ['totp', 'email', 'sms', 'recovery', 'webauthn', 'none'],
  /** How the second step was passed: a typed code, a passkey, a remembered browser, a trusted network. */
  via: ['code', 'passkey', 'device', 'network'],
  /** What was revoked: every session of a user (sign out everywhere), or remembered browsers. */
  kind: ['sessions', 'devices'],
  /** Which per-client-address window was full (`addressLimit`). */
  window: ['answers', 'sends', 'passkey-options', 'passkey-handle'],
  /** Which backend made a request fail with 503: the counters store (Redis) or the enrolment/settings database. */
  cause: ['store', 'database'],
  /** How a second-factor answer ended. */
  outcome: ['success', 'failure', 'locked', 'rate_limited', 'refused', 'error'],
  /** A counters-store call (`CountersStore`) or an enrolment/settings store call. */
  operation: [
    'noteEnrolmentVersion', 'getLockState', 'clearLock', 'clearFailures', 'recordFailure', 'consumeTotpStep', 'consumeCode',
    'issueCode', 'withdrawCode', 'putDevice', 'getDevice', 'rotateDevice', 'listDevices', 'deleteDevice', 'deleteAllDevices',
    'putWebAuthnChallenge', 'takeWebAuthnChallenge', 'takeWindowSlot', 'releaseWindowSlot', 'resetUser', 'noteSignIn',
    'read', 'write', 'replaceRecoveryCodes', 'consumeRecoveryCode', 'advanceTotpStep', 'recordMethodUse',
    'settings.read', 'settings.readMany', 'settings.write', 'settings.history',
  ],
} as const;

export type LabelName = keyof typeof LABEL_VALUES;
/** The value a label is reported with when the one given is not in its set. */
export const OTHER = 'other';

export interface MetricDefinition {
  readonly name: string;
  readonly kind: 'counter' | 'histogram';
  readonly help: string;
  readonly labelNames: readonly LabelName[];
  /** Histograms only: bucket upper bounds, in seconds. */
  readonly buckets?: readonly number[];
}

/** Backend calls: a Redis script takes well under a millisecond on a LAN; the store's deadline (1 s by default) ends the scale. */
const BACKEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** A whole answer: one or two backend calls, an HMAC, for a passkey a signature check. */
const VERIFY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const METRIC_DEFINITIONS = Object.freeze([
  { name: 'twostep_challenges_issued_total', kind: 'counter', help: 'Second-step challenges started after a first factor.', labelNames: [] },
  { name: 'twostep_verified_total', kind: 'counter', help: 'Sign-ins that passed the second step, by factor and by how.', labelNames: ['method', 'via'] },
  { name: 'twostep_failures_total', kind: 'counter', help: 'Wrong second-factor answers counted against an account.', labelNames: ['method'] },
  { name: 'twostep_locks_total', kind: 'counter', help: 'Accounts locked after too many wrong answers.', labelNames: [] },
  { name: 'twostep_unlocks_total', kind: 'counter', help: 'Locks lifted by an administrator.', labelNames: [] },
  { name: 'twostep_resets_total', kind: 'counter', help: "Users' 2FA reset by an administrator.", labelNames: [] },
  { name: 'twostep_revocations_total', kind: 'counter', help: 'Revocations: every session of a user signed out, or remembered browsers forgotten.', labelNames: ['kind'] },
  { name: 'twostep_address_limit_refusals_total', kind: 'counter', help: 'Requests refused (429) because a client address window was full.', labelNames: ['window'] },
  { name: 'twostep_unavailable_total', kind: 'counter', help: 'Requests answered 503 because a backend failed or did not answer in time.', labelNames: ['cause'] },
  { name: 'twostep_store_duration_seconds', kind: 'histogram', help: 'Duration of counters-store (Redis) calls.', labelNames: ['operation'], buckets: BACKEND_BUCKETS },
  { name: 'twostep_database_duration_seconds', kind: 'histogram', help: 'Duration of enrolment and settings store (PostgreSQL) calls.', labelNames: ['operation'], buckets: BACKEND_BUCKETS },
  { name: 'twostep_verify_duration_seconds', kind: 'histogram', help: 'Duration of checking a second-factor answer, from parsing to the verdict.', labelNames: ['method', 'outcome'], buckets: VERIFY_BUCKETS },
] as const satisfies readonly MetricDefinition[]);

type Definitions = (typeof METRIC_DEFINITIONS)[number];
export type CounterName = Extract<Definitions, { kind: 'counter' }>['name'];
export type HistogramName = Extract<Definitions, { kind: 'histogram' }>['name'];
export type MetricName = Definitions['name'];
/** The labels of one observation: any subset of the metric's label names, values checked against their sets. */
export type MetricLabels = Partial<Record<LabelName, string>>;
