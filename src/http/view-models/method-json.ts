/**
 * A set-up method as the JSON routes answer it (`/2fa/status`, the admin router's user):
 * the public description, with `lastUsedAt` as an ISO date, or null when it was never used
 * (or used only before twostep kept it).
 */
import type { AccountStatus } from '../../core/account-status.js';

export function methodJson(method: AccountStatus['methods'][number]) {
  const { lastUsedAt, ...described } = method;
  return { ...described, lastUsedAt: lastUsedAt === undefined ? null : new Date(lastUsedAt).toISOString() };
}
