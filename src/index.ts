export { createTwoStep } from './create-two-step.js';
export type { TwoStep } from './create-two-step.js';
export type { TwoStepAdmin, AdminUserStatus, AdminResetOptions, AdminActionOptions } from './core/admin.js';
export type { TwoStepOptions, UserAdapter, LockoutOptions, CodeOptions, ResolvedOptions } from './options.js';
export { smtpEmail } from './delivery/smtp-email.js';
export type { SmtpEmailOptions } from './delivery/smtp-email.js';
export { httpSms } from './delivery/http-sms.js';
export type { HttpSmsOptions } from './delivery/http-sms.js';
export { DeliveryTimeoutError } from './delivery/types.js';
export type { OutgoingMessage, EmailSender, SmsSender, DeliveryOptions } from './delivery/types.js';
export type { NotificationKind, NotificationData, NotificationEmail, NotificationTemplate, NotificationOptions } from './notifications/templates.js';
export type { SendCodeOptions, SendCodeResult } from './core/purpose-codes.js';
export type { PolicyFunction, SkipNetworks, TrustedDeviceOptions } from './options.js';
export { strictestPolicy } from './core/policy.js';
export type { PolicyLevel, StrictestPolicyOptions } from './core/policy.js';
export type { RequireOptions } from './http/middleware/step-up.js';
export type { TwoStepStrategy } from './http/passport/strategy.js';
export { TwoStepError, TwoStepConfigError, StoreUnavailableError, isTwoStepError } from './errors.js';
export type { TwoStepErrorCode, TwoStepErrorDetails } from './errors.js';
export type { TwoStepEvents, TwoStepEventName, TwoStepEventBase } from './events.js';
export { memoryStore } from './store/memory-store.js';
export { redisStore } from './store/redis-store.js';
export type { MemoryStoreOptions } from './store/memory-store.js';
export type { RedisStoreOptions } from './store/redis-store.js';
export type { EnrolmentStore, EnrolmentRecord } from './enrolments/types.js';
export { memoryEnrolments } from './enrolments/memory-enrolments.js';
export { redisEnrolments } from './enrolments/redis-enrolments.js';
export type { RedisEnrolmentsOptions } from './enrolments/redis-enrolments.js';
export { postgresEnrolments } from './enrolments/postgres-enrolments.js';
export type { PostgresEnrolmentsOptions, PostgresEnrolmentStore, PostgresQueryable } from './enrolments/postgres-enrolments.js';
export { enrolmentSchemaSql } from './enrolments/postgres/tables.js';
export type { EnrolmentTableNames } from './enrolments/postgres/tables.js';
export type {
  TwoStepStore, Enrolment, EnrolledMethod, MethodType, LockoutPolicy, LockState, AttemptResult,
  AttemptInput, TotpAttemptInput, CodeAttemptInput, IssueCodeInput, IssueCodeResult,
  TrustedDeviceRecord,
} from './store/types.js';
export type { PageRenderers, PageBase, VerifyPageData, SetupPageData, SetupTotpPageData, SetupContactPageData, SettingsPageData,
  MessagePageData, MethodView, DeviceView, DevicesPageData, RecoveryCodesPageData, ReverifyPageData, PromptPageData } from './pages/types.js';
export { defaultPages } from './pages/default-pages.js';
export { defaultTexts } from './pages/texts.js';
export type { PageTexts } from './pages/texts.js';
export { escapeHtml, layout, csrfField } from './pages/html.js';
export type { VerifiedMarker, PendingState } from './http/session/session-state.js';
export type { RevokeSessionsOptions, RevokeSessionsResult } from './revocation/revoke-sessions.js';
export type { RevocationFeed, RevocationListener } from './revocation/feed.js';
export type { RevocationRecord } from './revocation/record.js';
export { generateTotp } from './methods/totp.js';
export { parseRecoveryCode, formatRecoveryCode, RECOVERY_CODE_ENTROPY_BITS } from './methods/code-format.js';
export type { WebAuthnOptions, UserVerification } from './methods/webauthn-options.js';
export type { PasskeyLoginOptions } from './http/middleware/passkey-login.js';
export type { WebAuthnCredentialRecord, WebAuthnChallengeSlot } from './store/types.js';
export type { SetupWebAuthnPageData } from './pages/types.js';
