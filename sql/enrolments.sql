-- twostep enrolment tables (default names). Run once from your migrations, or call
-- await postgresEnrolments(pool).createSchema() at start-up. For other names use
-- enrolmentSchemaSql({ enrolments: 'auth.twostep_enrolments', recoveryCodes: 'auth.twostep_recovery_codes' }).
CREATE TABLE IF NOT EXISTS "twostep_enrolments" (
  user_id        text PRIMARY KEY,
  version        bigint NOT NULL CHECK (version > 0),
  record         jsonb NOT NULL,
  totp_steps     jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_used      jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- Tables made before used TOTP steps were kept per method (last_totp_step is no longer read).
ALTER TABLE "twostep_enrolments" ADD COLUMN IF NOT EXISTS totp_steps jsonb NOT NULL DEFAULT '{}'::jsonb;
-- Tables made before each method's last use was kept.
ALTER TABLE "twostep_enrolments" ADD COLUMN IF NOT EXISTS last_used jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE TABLE IF NOT EXISTS "twostep_recovery_codes" (
  user_id   text NOT NULL,
  code_hash text NOT NULL,
  PRIMARY KEY (user_id, code_hash)
);

-- Organisation settings (what administrators decide) and their append-only history. For other
-- names use organisationSettingsSchemaSql({ settings: 'auth.twostep_organisation_settings',
-- history: 'auth.twostep_organisation_settings_history' }), or await postgresOrganisationSettings(pool).createSchema().
CREATE TABLE IF NOT EXISTS "twostep_organisation_settings" (
  org_id     text PRIMARY KEY,
  version    bigint NOT NULL CHECK (version > 0),
  settings   jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
CREATE TABLE IF NOT EXISTS "twostep_organisation_settings_history" (
  org_id     text NOT NULL,
  version    bigint NOT NULL CHECK (version > 0),
  changed_at timestamptz NOT NULL,
  changed_by text NOT NULL,
  before     jsonb,
  after      jsonb NOT NULL,
  PRIMARY KEY (org_id, version)
);
