-- twostep enrolment tables (default names). Run once from your migrations, or call
-- await postgresEnrolments(pool).createSchema() at start-up. For other names use
-- enrolmentSchemaSql({ enrolments: 'auth.twostep_enrolments', recoveryCodes: 'auth.twostep_recovery_codes' }).
CREATE TABLE IF NOT EXISTS "twostep_enrolments" (
  user_id        text PRIMARY KEY,
  version        bigint NOT NULL CHECK (version > 0),
  record         jsonb NOT NULL,
  totp_steps     jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- Tables made before used TOTP steps were kept per method (last_totp_step is no longer read).
ALTER TABLE "twostep_enrolments" ADD COLUMN IF NOT EXISTS totp_steps jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE TABLE IF NOT EXISTS "twostep_recovery_codes" (
  user_id   text NOT NULL,
  code_hash text NOT NULL,
  PRIMARY KEY (user_id, code_hash)
);
