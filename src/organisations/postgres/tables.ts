/**
 * Table names of `postgresOrganisationSettings`, validated once and quoted for SQL, and the
 * schema they need (the second half of the shipped `sql/enrolments.sql` for the default names).
 */
import { quotedTableName } from '../../option-checks.js';

export interface OrganisationSettingsTableNames {
  /** One row per organisation: version, settings as JSON, who and when. @default 'twostep_organisation_settings' */
  settings?: string;
  /** One row per change, never updated or deleted. @default 'twostep_organisation_settings_history' */
  history?: string;
}

export interface QuotedSettingsTables {
  settings: string;
  history: string;
}

export function resolveSettingsTables(names: OrganisationSettingsTableNames = {}): QuotedSettingsTables {
  const quote = (option: string, value: string) => quotedTableName('postgresOrganisationSettings', option, value, 'auth.twostep_organisation_settings');
  return {
    settings: quote('settings', names.settings ?? 'twostep_organisation_settings'),
    history: quote('history', names.history ?? 'twostep_organisation_settings_history'),
  };
}

/** The DDL, idempotent. */
export function organisationSettingsSchemaSql(names: OrganisationSettingsTableNames = {}): string {
  const t = resolveSettingsTables(names);
  return `CREATE TABLE IF NOT EXISTS ${t.settings} (
  org_id     text PRIMARY KEY,
  version    bigint NOT NULL CHECK (version > 0),
  settings   jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t.history} (
  org_id     text NOT NULL,
  version    bigint NOT NULL CHECK (version > 0),
  changed_at timestamptz NOT NULL,
  changed_by text NOT NULL,
  before     jsonb,
  after      jsonb NOT NULL,
  PRIMARY KEY (org_id, version)
);
`;
}
