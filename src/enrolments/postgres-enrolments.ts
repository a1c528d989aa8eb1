/**
 * `EnrolmentStore` on the app's PostgreSQL, through its own node-postgres `Pool`. One
 * statement per operation (see `postgres/queries.ts`); every call answers within
 * `timeoutSeconds` or rejects with `StoreUnavailableError`, so an unreachable or stalled
 * database makes sign-ins fail closed with 503, never read as "no 2FA".
 */
import { TwoStepConfigError } from '../errors.js';
import { positiveSecondsToMs } from '../option-checks.js';
import { withinDeadline } from '../store/deadline.js';
import type { Enrolment } from './records.js';
import { enrolmentQueries } from './postgres/queries.js';
import { enrolmentSchemaSql, resolveTables, type EnrolmentTableNames } from './postgres/tables.js';
import type { EnrolmentRecord, EnrolmentStore } from './types.js';

/** The slice of node-postgres used: a `pg.Pool` (or `pg.Client`) has it. */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

export interface PostgresEnrolmentsOptions {
  /** Table names, each `name` or `schema.name`. */
  tables?: EnrolmentTableNames;
  /** Longest wait for one statement before it fails with `StoreUnavailableError`. @default 2 */
  timeoutSeconds?: number;
}

export interface PostgresEnrolmentStore extends EnrolmentStore {
  /** Creates the tables if missing (idempotent; safe from several processes at once). */
  createSchema(): Promise<void>;
}

/** A jsonb object of numbers (bigints come back as JSON numbers or strings), as numbers. */
function numbersOf(value: unknown): Record<string, number> {
  return Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([key, n]) => [key, Number(n)]));
}

export function postgresEnrolments(pool: PostgresQueryable, options: PostgresEnrolmentsOptions = {}): PostgresEnrolmentStore {
  if (!pool || typeof pool.query !== 'function') {
    throw new TwoStepConfigError('postgresEnrolments(pool) needs a node-postgres Pool: postgresEnrolments(new pg.Pool({ connectionString: process.env.DATABASE_URL })).');
  }
  const timeoutMs = positiveSecondsToMs('postgresEnrolments', 'timeoutSeconds', options.timeoutSeconds, 2);
  const sql = enrolmentQueries(resolveTables(options.tables));
  const schemaSql = enrolmentSchemaSql(options.tables);

  const query = (text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }> =>
    withinDeadline('PostgreSQL', timeoutMs, () => pool.query(text, values));

  return {
    async read(userId): Promise<EnrolmentRecord | null> {
      const { rows } = await query(sql.read, [userId]);
      const row = rows[0];
      if (!row) return null;
      return {
        version: Number(row.version),
        enrolment: row.record as Enrolment,
        recoveryCodesLeft: Number(row.recovery_left),
        totpSteps: numbersOf(row.totp_steps),
        lastUsed: numbersOf(row.last_used),
      };
    },

    async write(userId, expectedVersion, enrolment) {
      const { rows } = expectedVersion === 0
        ? await query(sql.create, [userId, JSON.stringify(enrolment)])
        : await query(sql.update, [userId, expectedVersion, JSON.stringify(enrolment)]);
      return rows[0] ? Number(rows[0].version) : null;
    },

    async replaceRecoveryCodes(userId, codeHashes) {
      await query(sql.replaceRecoveryCodes, [userId, codeHashes]);
    },

    async consumeRecoveryCode(userId, codeHash, atMs) {
      const { rows } = await query(sql.consumeRecoveryCode, [userId, codeHash, atMs ?? null]);
      return { consumed: Number(rows[0].consumed) === 1, remaining: Number(rows[0].remaining) };
    },

    async advanceTotpStep(userId, version, methodId, step, atMs) {
      const { rowCount } = await query(sql.advanceTotpStep, [userId, version, methodId, step, atMs ?? null]);
      return rowCount === 1;
    },

    async recordMethodUse(userId, methodId, atMs) {
      await query(sql.recordMethodUse, [userId, methodId, atMs]);
    },

    async prepare() {
      try {
        await pool.query(sql.checkTables);
      } catch (error) {
        throw new TwoStepConfigError(
          `The twostep enrolment tables cannot be read (${(error as Error).message}). Create them once with ` +
            'await enrolments.createSchema(), or run node_modules/twostep/sql/enrolments.sql (or enrolmentSchemaSql()) in your migrations.',
        );
      }
    },

    async createSchema() {
      // One simple-protocol query runs as one implicit transaction, so the advisory lock is
      // held to its end: concurrent first starts take turns (CREATE TABLE IF NOT EXISTS alone
      // can still collide in the catalog when two sessions race).
      await pool.query(`SELECT pg_advisory_xact_lock(7418210043);\n${schemaSql}`);
    },
  };
}
