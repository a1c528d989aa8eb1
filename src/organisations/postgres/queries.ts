/**
 * The statements of `postgresOrganisationSettings`. A write is a transaction of these on one
 * connection (see `../postgres-settings.ts`); reads are one statement each. Instants are
 * timestamptz (microseconds), so epoch milliseconds round-trip exactly.
 */
import type { QuotedSettingsTables } from './tables.js';

const MS = (column: string) => `round(extract(epoch FROM ${column}) * 1000)::bigint`;

export function settingsQueries(t: QuotedSettingsTables) {
  const columns = `org_id, version, settings, ${MS('updated_at')} AS updated_at, updated_by`;
  return {
    read: `SELECT ${columns} FROM ${t.settings} WHERE org_id = $1`,
    readMany: `SELECT ${columns} FROM ${t.settings} WHERE org_id = ANY($1::text[])`,
    /** The row lock every write of this organisation waits for: writes take turns. */
    lock: `SELECT version, settings FROM ${t.settings} WHERE org_id = $1 FOR UPDATE`,
    /** The first write. A racing first write makes it insert nothing; the caller then locks the row that one made. */
    create: `INSERT INTO ${t.settings} (org_id, version, settings, updated_at, updated_by)
VALUES ($1, 1, $2, to_timestamp($3::double precision / 1000), $4) ON CONFLICT (org_id) DO NOTHING RETURNING version`,
    update: `UPDATE ${t.settings} SET version = version + 1, settings = $2, updated_at = to_timestamp($3::double precision / 1000), updated_by = $4
WHERE org_id = $1 RETURNING version`,
    append: `INSERT INTO ${t.history} (org_id, version, changed_at, changed_by, before, after)
VALUES ($1, $2, to_timestamp($3::double precision / 1000), $4, $5, $6)`,
    history: `SELECT version, ${MS('changed_at')} AS changed_at, changed_by, before, after FROM ${t.history}
WHERE org_id = $1 AND ($2::bigint IS NULL OR version < $2) ORDER BY version DESC LIMIT $3`,
    checkTables: `SELECT 1 FROM ${t.settings} LIMIT 0; SELECT 1 FROM ${t.history} LIMIT 0`,
  };
}
