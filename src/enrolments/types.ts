/**
 * The enrolment-store contract: where the long-lived records live — whether 2FA is on,
 * the methods (sealed TOTP secrets, addresses), preferences, recovery-code hashes and the
 * last accepted TOTP step of each authenticator app. Losing any of it would switch someone's 2FA off or reopen a used
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
 * - The last TOTP step of each method only moves forward, and belongs to that method alone:
 *   another method's steps never refuse it (a new secret starts with no used steps). A write
 *   drops the steps of methods the new enrolment no longer has.
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
  /**
   * TOTP method id → the last time step accepted from that authenticator app; a method
   * without an entry has had none accepted.
   */
  totpSteps: Record<string, number>;
  /**
   * Method id (or `recovery`, for the recovery codes) → epoch ms of its last successful use,
   * written by the same statement that accepts it (never by a wrong answer). Absent from an
   * adapter that keeps none: the pages then say nothing of last use.
   */
  lastUsed?: Record<string, number>;
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
  /**
   * Deletes one hash if present; `remaining` counts what is left either way. With `atMs`, a
   * consumed code also records `lastUsed.recovery` (forward only), in the same statement.
   */
  consumeRecoveryCode(userId: string, codeHash: string, atMs?: number): Promise<{ consumed: boolean; remaining: number }>;
  /**
   * Records `step` as the last accepted TOTP step of method `methodId` if it is above the one
   * stored for that method (or none is) and the record is still at `version`. False means a
   * replay (or an older step) or a record that moved on: the caller tells them apart by reading.
   * With `atMs`, an advance also records it as the method's `lastUsed` (forward only), in the same statement.
   */
  advanceTotpStep(userId: string, version: number, methodId: string, step: number, atMs?: number): Promise<boolean>;
  /**
   * Records a successful use of a method that leaves no other trace (an email or text-message
   * code): `lastUsed[methodId]`, forward only; nothing for a user without a record. Optional:
   * without it, those methods show no last use.
   */
  recordMethodUse?(userId: string, methodId: string, atMs: number): Promise<void>;
  /** Checks the backend is fit for use (schema present, Redis not evicting); called by `twoStep.ready()`. */
  prepare?(): Promise<void>;
  /** Releases what the store owns (never the caller's pool or client). */
  close?(): Promise<void>;
}
