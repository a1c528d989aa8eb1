/**
 * The public face of `twostep`: what an app calls, configures, or writes itself. Every name
 * is listed, one line each, in docs/api.md (test/public-face.test.ts keeps the two equal).
 * Shapes reachable from these are named by indexing (`TwoStepOptions['lockout']`,
 * `TwoStep['admin']`); helpers for tests are in `twostep/testing`.
 */

// What twostep keeps in `req.session` (`req.session.twoStep` is the signed-in record): the
// declarations that add these fields to express-session's `SessionData` come with the package.
import './http/session/session-state.js';

// The middleware and its options.
export { createTwoStep } from './create-two-step.js';
export type { TwoStep } from './create-two-step.js';
export type { TwoStepOptions, UserAdapter, PolicyFunction } from './options.js';
export { strictestPolicy } from './core/policy.js';
export type { MethodType } from './enrolments/records.js';

// Where state lives: the counters store and the enrolment store.
export { memoryStore } from './backends/memory-store.js';
export { redisStore } from './backends/redis-store.js';
export type { TwoStepStore } from './backends/types.js';
export { memoryEnrolments } from './enrolments/memory-enrolments.js';
export { redisEnrolments } from './enrolments/redis-enrolments.js';
export { postgresEnrolments } from './enrolments/postgres-enrolments.js';
export { enrolmentSchemaSql } from './enrolments/postgres/tables.js';
export type { EnrolmentStore, EnrolmentRecord } from './enrolments/types.js';
export type { Enrolment } from './enrolments/records.js';

// What organisations' administrators decide, and where it lives.
export { memoryOrganisationSettings } from './organisations/memory-settings.js';
export { redisOrganisationSettings } from './organisations/redis-settings.js';
export { postgresOrganisationSettings } from './organisations/postgres-settings.js';
export { organisationSettingsSchemaSql } from './organisations/postgres/tables.js';
export { checkOrganisationSettings } from './core/organisation-settings-check.js';
export type { SettingsCheck, SettingsFieldError, SettingsRefusal } from './core/organisation-settings-check.js';
export type { OrganisationSettingsStore } from './organisations/types.js';
export type { OrganisationSettings } from './organisations/settings.js';

// Sending codes and notifications.
export { smtpEmail } from './delivery/smtp-email.js';
export { httpSms } from './delivery/http-sms.js';
export { DeliveryTimeoutError } from './delivery/types.js';
export type { OutgoingMessage } from './delivery/types.js';
export type { NotificationTemplate } from './notifications/templates.js';

// Replacing and translating pages.
export { defaultPages } from './pages/default-pages.js';
export { defaultTexts } from './pages/texts.js';
export { escapeHtml, layout, csrfField } from './pages/html.js';
export type { PageRenderers, PageData, SupportContact } from './pages/types.js';
export type { PageTexts } from './pages/texts.js';

// What the app is told: events and errors.
export type { TwoStepEvents, TwoStepEventName } from './events.js';
export { TwoStepError, TwoStepConfigError, StoreUnavailableError, isTwoStepError } from './errors.js';
export type { TwoStepErrorCode, TwoStepErrorDetails, WrongAnswerKind } from './errors.js';
