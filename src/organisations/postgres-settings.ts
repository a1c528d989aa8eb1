/**
 * Organisation settings on the app's PostgreSQL, through its node-postgres `Pool`. A write
 * is one transaction on one connection: lock the organisation's row (`FOR UPDATE`), check
 * the expected version, write the row, append the history entry with what the row held —
 * so racing writes take turns and the history misses none. Every call answers within
 * `timeoutSeconds` or rejects with `StoreUnavailableError` (sign-ins then answer 503).
 */
import { TwoStepConfigError } from '../errors.js';
import { positiveSecondsToMs } from '../option-checks.js';
import { withinDeadline } from '../store/deadline.js';
import { settingsQueries } from './postgres/queries.js';
import { organisationSettingsSchemaSql, resolveSettingsTables, type OrganisationSettingsTableNames } from './postgres/tables.js';
import { settingsOf, type OrganisationSettings, type OrganisationSettingsRecord } from './settings.js';
import { historyWindow, type OrganisationSettingsStore } from './types.js';

type Result = { rows: any[]; rowCount: number | null };

/** The slice of node-postgres used: a `pg.Pool` has it (a transaction needs a connection of its own). */
export interface PostgresPool {
  query(text: string, values?: unknown[]): Promise<Result>;
  connect(): Promise<{ query(text: string, values?: unknown[]): Promise<Result>; release(error?: Error | boolean): void }>;
}

export interface PostgresOrganisationSettingsOptions {
  /** Table names, each `name` or `schema.name`. */
  tables?: OrganisationSettingsTableNames;
  /** Longest wait for one call (a write: its whole transaction). @default 2 */
  timeoutSeconds?: number;
}

export interface PostgresOrganisationSettingsStore extends OrganisationSettingsStore {
  /** Creates the tables if missing (idempotent; safe from several processes at once). */
  createSchema(): Promise<void>;
}

function recordOf(row: any): OrganisationSettingsRecord {
  return { ...(row.settings as OrganisationSettings), version: Number(row.version), updatedAt: Number(row.updated_at), updatedBy: row.updated_by };
}

export function postgresOrganisationSettings(pool: PostgresPool, options: PostgresOrganisationSettingsOptions = {}): PostgresOrganisationSettingsStore {
  if (!pool || typeof pool.query !== 'function' || typeof pool.connect !== 'function') {
    throw new TwoStepConfigError('postgresOrganisationSettings(pool) needs a node-postgres Pool: postgresOrganisationSettings(new pg.Pool({ connectionString: process.env.DATABASE_URL })).');
  }
  const timeoutMs = positiveSecondsToMs('postgresOrganisationSettings', 'timeoutSeconds', options.timeoutSeconds, 2);
  const sql = settingsQueries(resolveSettingsTables(options.tables));
  const schemaSql = organisationSettingsSchemaSql(options.tables);
  const within = <T>(operation: () => Promise<T>) => withinDeadline('PostgreSQL', timeoutMs, operation);

  return {
    read: (orgId) =>
      within(async () => {
        const { rows } = await pool.query(sql.read, [orgId]);
        return rows[0] ? recordOf(rows[0]) : null;
      }),

    readMany: (orgIds) =>
      within(async () => {
        const found = new Map<string, OrganisationSettingsRecord>();
        if (orgIds.length === 0) return found;
        const { rows } = await pool.query(sql.readMany, [[...orgIds]]);
        for (const row of rows) found.set(row.org_id, recordOf(row));
        return found;
      }),

    write: (orgId, settings, { by, at, expectedVersion }) =>
      within(async () => {
        const after = settingsOf(settings);
        const afterJson = JSON.stringify(after);
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          let locked = (await client.query(sql.lock, [orgId])).rows[0];
          if (!locked) {
            if (expectedVersion !== undefined && expectedVersion !== 0) {
              await client.query('ROLLBACK');
              return null;
            }
            const created = await client.query(sql.create, [orgId, afterJson, at, by]);
            if (created.rows[0]) {
              await client.query(sql.append, [orgId, 1, at, by, null, afterJson]);
              await client.query('COMMIT');
              return { ...after, version: 1, updatedAt: at, updatedBy: by };
            }
            // Another first write committed meanwhile: wait for its row like any other write.
            locked = (await client.query(sql.lock, [orgId])).rows[0];
          }
          if (expectedVersion !== undefined && Number(locked.version) !== expectedVersion) {
            await client.query('ROLLBACK');
            return null;
          }
          const version = Number((await client.query(sql.update, [orgId, afterJson, at, by])).rows[0].version);
          await client.query(sql.append, [orgId, version, at, by, JSON.stringify(locked.settings), afterJson]);
          await client.query('COMMIT');
          return { ...after, version, updatedAt: at, updatedBy: by };
        } catch (error) {
          broken = error as Error;
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          // A connection that failed mid-transaction is not given back to the pool.
          client.release(broken);
        }
      }),

    history: (orgId, options) =>
      within(async () => {
        const { limit, beforeVersion } = historyWindow(options);
        const { rows } = await pool.query(sql.history, [orgId, beforeVersion, limit]);
        return rows.map((row) => ({
          version: Number(row.version), at: Number(row.changed_at), by: row.changed_by,
          before: (row.before ?? null) as OrganisationSettings | null, after: row.after as OrganisationSettings,
        }));
      }),

    async prepare() {
      try {
        await pool.query(sql.checkTables);
      } catch (error) {
        throw new TwoStepConfigError(
          `The twostep organisation settings tables cannot be read (${(error as Error).message}). Create them once with ` +
            'await settings.createSchema(), or run node_modules/twostep/sql/enrolments.sql (or organisationSettingsSchemaSql()) in your migrations.',
        );
      }
    },

    async createSchema() {
      // As for enrolments: one implicit transaction holding an advisory lock, so concurrent first starts take turns.
      await pool.query(`SELECT pg_advisory_xact_lock(7418210044);\n${schemaSql}`);
    },
  };
}
