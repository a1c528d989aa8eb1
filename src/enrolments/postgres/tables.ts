/**
 * Table names of `postgresEnrolments`, validated once and quoted for SQL, and the schema
 * they need (the same text as the shipped `sql/enrolments.sql` for the default names).
 */
import { quotedTableName } from '../../option-checks.js';

export interface EnrolmentTableNames {
  /** One row per user: version, the enrolment as JSON, the last TOTP step and the last use of each method. @default 'twostep_enrolments' */
  enrolments?: string;
  /** One row per recovery-code hash. @default 'twostep_recovery_codes' */
  recoveryCodes?: string;
}

export interface QuotedTables {
  enrolments: string;
  recoveryCodes: string;
}

/** `name` or `schema.name`, each part a plain identifier: quoted, so case and reserved words are safe. */
function quoteTableName(option: string, value: unknown): string {
  return quotedTableName('postgresEnrolments', option, value, 'auth.twostep_enrolments');
}

export function resolveTables(names: EnrolmentTableNames = {}): QuotedTables {
  return {
    enrolments: quoteTableName('enrolments', names.enrolments ?? 'twostep_enrolments'),
    recoveryCodes: quoteTableName('recoveryCodes', names.recoveryCodes ?? 'twostep_recovery_codes'),
  };
}

/**
 * The DDL, idempotent. Records hold only sealed secrets and keyed hashes (see the README's
 * security notes), so nothing here needs column encryption of its own.
 */
export function enrolmentSchemaSql(names: EnrolmentTableNames = {}): string {
  const t = resolveTables(names);
  return `CREATE TABLE IF NOT EXISTS ${t.enrolments} (
  user_id        text PRIMARY KEY,
  version        bigint NOT NULL CHECK (version > 0),
  record         jsonb NOT NULL,
  totp_steps     jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_used      jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- Tables made before used TOTP steps were kept per method (last_totp_step is no longer read).
ALTER TABLE ${t.enrolments} ADD COLUMN IF NOT EXISTS totp_steps jsonb NOT NULL DEFAULT '{}'::jsonb;
-- Tables made before each method's last use was kept.
ALTER TABLE ${t.enrolments} ADD COLUMN IF NOT EXISTS last_used jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE TABLE IF NOT EXISTS ${t.recoveryCodes} (
  user_id   text NOT NULL,
  code_hash text NOT NULL,
  PRIMARY KEY (user_id, code_hash)
);
`;
}
