/**
 * Every statement of `postgresEnrolments`, one per operation: each is atomic on its own,
 * so no operation needs a transaction or a dedicated connection.
 */
import type { QuotedTables } from './tables.js';

export function enrolmentQueries(t: QuotedTables) {
  return {
    read: `SELECT e.version, e.record, e.totp_steps, e.last_used,
  (SELECT count(*) FROM ${t.recoveryCodes} r WHERE r.user_id = $1)::int AS recovery_left
FROM ${t.enrolments} e WHERE e.user_id = $1`,

    /** The first write: a racing first write makes this insert nothing, which is the refusal. */
    create: `INSERT INTO ${t.enrolments} (user_id, version, record) VALUES ($1, 1, $2)
ON CONFLICT (user_id) DO NOTHING RETURNING version`,

    /**
     * Compare-and-set: a concurrent update waits for the row lock, then finds the version moved.
     * The used TOTP steps and last uses of methods the new record no longer has go with them
     * (the recovery codes' last use stays).
     */
    update: `UPDATE ${t.enrolments} SET record = $3, version = version + 1, updated_at = now(),
  totp_steps = (SELECT coalesce(jsonb_object_agg(s.key, s.value), '{}'::jsonb) FROM jsonb_each(totp_steps) s
    WHERE s.key IN (SELECT m->>'id' FROM jsonb_array_elements($3::jsonb->'methods') m)),
  last_used = (SELECT coalesce(jsonb_object_agg(u.key, u.value), '{}'::jsonb) FROM jsonb_each(last_used) u
    WHERE u.key = 'recovery' OR u.key IN (SELECT m->>'id' FROM jsonb_array_elements($3::jsonb->'methods') m))
WHERE user_id = $1 AND version = $2 RETURNING version`,

    /** Delete and insert in one statement: old and new codes never coexist, and a failure changes nothing. */
    replaceRecoveryCodes: `WITH gone AS (DELETE FROM ${t.recoveryCodes} WHERE user_id = $1)
INSERT INTO ${t.recoveryCodes} (user_id, code_hash) SELECT $1, unnest($2::text[])`,

    /**
     * Two racing deletes of one row: the second waits for the first to commit, re-checks
     * and deletes nothing, so exactly one is told `consumed`. The outer count still sees
     * the row deleted here (same snapshot), hence the subtraction.
     */
    consumeRecoveryCode: `WITH gone AS (DELETE FROM ${t.recoveryCodes} WHERE user_id = $1 AND code_hash = $2 RETURNING 1),
  used AS (UPDATE ${t.enrolments} SET last_used = last_used || jsonb_build_object('recovery', $3::bigint)
    WHERE user_id = $1 AND $3::bigint IS NOT NULL AND EXISTS (SELECT 1 FROM gone)
      AND coalesce((last_used->>'recovery')::bigint, 0) < $3::bigint)
SELECT (SELECT count(*) FROM gone)::int AS consumed,
  ((SELECT count(*) FROM ${t.recoveryCodes} WHERE user_id = $1) - (SELECT count(*) FROM gone))::int AS remaining`,

    /**
     * One method's step, forward only. Two racing advances: the second waits for the row lock,
     * re-checks the WHERE against the committed row and updates nothing.
     */
    advanceTotpStep: `UPDATE ${t.enrolments} SET totp_steps = totp_steps || jsonb_build_object($3::text, $4::bigint),
  last_used = CASE WHEN $5::bigint IS NULL OR coalesce((last_used->>$3::text)::bigint, 0) >= $5::bigint THEN last_used
    ELSE last_used || jsonb_build_object($3::text, $5::bigint) END
WHERE user_id = $1 AND version = $2 AND ((totp_steps->>$3::text) IS NULL OR (totp_steps->>$3::text)::bigint < $4::bigint)`,

    /** A sent code's method: its last use, forward only. */
    recordMethodUse: `UPDATE ${t.enrolments} SET last_used = last_used || jsonb_build_object($2::text, $3::bigint)
WHERE user_id = $1 AND coalesce((last_used->>$2::text)::bigint, 0) < $3::bigint`,

    checkTables: `SELECT 1 FROM ${t.enrolments} LIMIT 0; SELECT 1 FROM ${t.recoveryCodes} LIMIT 0`,
  };
}
