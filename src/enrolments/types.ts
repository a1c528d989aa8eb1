/**
 * The enrolment-store contract: where the long-lived records live — whether 2FA is on,
 * the methods (sealed TOTP secrets, addresses), preferences, recovery-code hashes and the
 * last accepted TOTP step. Losing any of it would switch someone's 2FA off or reopen a used
 * code, so in production it lives in the app's database (`postgresEnrolments(pool)`), not
 * in the Redis that holds what expires.
 *
 * Five methods, each a promise. An adapter on another database (Prisma, Drizzle, Knex,
 * MongoDB) implements them and proves itself with `enrolmentStoreContract` from
 * `twostep/testing`. Rules every adapter keeps:
 * - Writes are compare-and-set on `version`: a write made against an old read is refused
 *   (answer `null`), never applied over a newer one. twostep re-reads and retries.
 * - Recovery codes are consumed atomically: however many requests race with one code,
 *   exactly one is told `consumed: true`.
 * - The last TOTP step only moves forward.
 * - Any failure to get an answer (connection refused, timeout) rejects with
 *   `StoreUnavailableError`, so sign-ins fail closed with `503 unavailable`. Never answer
 *   `null` from `read` unless the user truly has no record.
 * Records hold sealed secrets and keyed hashes only; store them as given.
 */
import type { Enrolment } from './records.js';

export interface EnrolmentRecord {
  /** Moves on every `write` (never on `advanceTotpStep` or recovery-code changes); a new record starts at 1. */
  version: number;
  enrolment: Enrolment;
  recoveryCodesLeft: number;
  /** The last TOTP time step accepted for this user, or null before the first. */
  lastTotpStep: number | null;
}

export interface EnrolmentStore {
  /** The user's record, or null when the user never had one. */
  read(userId: string): Promise<EnrolmentRecord | null>;
  /**
   * Stores `enrolment` if the stored version is still `expectedVersion` (0: no record yet)
   * and answers the new version; answers null when another write came first.
   */
  write(userId: string, expectedVersion: number, enrolment: Enrolment): Promise<number | null>;
  /** Replaces every recovery-code hash of the user (an empty list deletes them all). */
  replaceRecoveryCodes(userId: string, codeHashes: string[]): Promise<void>;
  /** Deletes one hash if present; `remaining` counts what is left either way. */
  consumeRecoveryCode(userId: string, codeHash: string): Promise<{ consumed: boolean; remaining: number }>;
  /**
   * Records `step` as the last accepted TOTP step if it is above the stored one and the
   * record is still at `version`. False means a replay (or an older step) or a record that
   * moved on: the caller tells them apart by reading.
   */
  advanceTotpStep(userId: string, version: number, step: number): Promise<boolean>;
  /** Checks the backend is fit for use (schema present, Redis not evicting); called by `twoStep.ready()`. */
  prepare?(): Promise<void>;
  /** Releases what the store owns (never the caller's pool or client). */
  close?(): Promise<void>;
}
