import type { TwoStepAdmin } from '../../core/admin.js';
import type { OrganisationSettingsApi } from '../../core/organisation-settings.js';
import type { RevokeSessionsOptions, RevokeSessionsResult } from '../../core/revoke-sessions.js';
import type { AdminAuthorize } from './admin-access.js';

/**
 * What the admin routes act through: the same public functions an app's own admin code calls
 * (`twoStep.organisations`, `twoStep.admin`, `twoStep.revokeSessions`), so the routes add
 * HTTP, authorisation and pages, and decide nothing of their own.
 */
export interface AdminServices {
  readonly authorize: AdminAuthorize;
  readonly organisations: OrganisationSettingsApi;
  readonly admin: TwoStepAdmin;
  readonly revokeSessions: (userId: string, options: RevokeSessionsOptions) => Promise<RevokeSessionsResult>;
}
