/**
 * Every statement of `postgresEnrolments`, one per operation: each is atomic on its own,
 * so no operation needs a transaction or a dedicated connection.
 */
import type { QuotedTables } from './tables.js';

export function enrolmentQueries(t: QuotedTables) {
  return {
    read: `SELECT e.version, e.record, e.last_totp_step,
  (SELECT count(*) FROM ${t.recoveryCodes} r WHERE r.user_id = $1)::int AS recovery_left
FROM ${t.enrolments} e WHERE e.user_id = $1`,

    /** The first write: a racing first write makes this insert nothing, which is the refusal. */
    create: `INSERT INTO ${t.enrolments} (user_id, version, record) VALUES ($1, 1, $2)
ON CONFLICT (user_id) DO NOTHING RETURNING version`,

    /** Compare-and-set: a concurrent update waits for the row lock, then finds the version moved. */
    update: `UPDATE ${t.enrolments} SET record = $3, version = version + 1, updated_at = now()
WHERE user_id = $1 AND version = $2 RETURNING version`,

    /** Delete and insert in one statement: old and new codes never coexist, and a failure changes nothing. */
    replaceRecoveryCodes: `WITH gone AS (DELETE FROM ${t.recoveryCodes} WHERE user_id = $1)
INSERT INTO ${t.recoveryCodes} (user_id, code_hash) SELECT $1, unnest($2::text[])`,

    /**
     * Two racing deletes of one row: the second waits for the first to commit, re-checks
     * and deletes nothing, so exactly one is told `consumed`. The outer count still sees
     * the row deleted here (same snapshot), hence the subtraction.
     */
    consumeRecoveryCode: `WITH gone AS (DELETE FROM ${t.recoveryCodes} WHERE user_id = $1 AND code_hash = $2 RETURNING 1)
SELECT (SELECT count(*) FROM gone)::int AS consumed,
  ((SELECT count(*) FROM ${t.recoveryCodes} WHERE user_id = $1) - (SELECT count(*) FROM gone))::int AS remaining`,

    advanceTotpStep: `UPDATE ${t.enrolments} SET last_totp_step = $3
WHERE user_id = $1 AND version = $2 AND (last_totp_step IS NULL OR last_totp_step < $3)`,

    checkTables: `SELECT 1 FROM ${t.enrolments} LIMIT 0; SELECT 1 FROM ${t.recoveryCodes} LIMIT 0`,
  };
}
