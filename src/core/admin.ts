import type { CoreContext } from './context.js';
import { readAccountStatus, type AccountStatus } from './account-status.js';
import { listTrustedDevices } from './trusted-device.js';
import { updateEnrolment } from './update-enrolment.js';
import { revokeSessions } from './revoke-sessions.js';
import { lastVerifiedAt } from './last-verified.js';

/** Who asked, for the audit events: the admin's request IP and id, if the app passes them. */
export interface AdminActionOptions {
  ip?: string;
  /** The administrator's id (`users.id` of the admin), announced as `by` in the event. */
  by?: string;
}

export interface AdminResetOptions extends AdminActionOptions {
  /**
   * Ask for 2FA setup again at the next sign-in. Persisted as `setupRequired: true` on the
   * (otherwise empty) enrolment; the policy layer turns it into a forced setup.
   * @default false
   */
  requireSetup?: boolean;
}

export interface AdminUserStatus {
  enabled: boolean;
  setupRequired: boolean;
  methods: AccountStatus['methods'];
  recoveryCodesLeft: number;
  /** Epoch ms, or null when not locked. */
  lockedUntil: number | null;
  failures: number;
  /**
   * The last sign-in or re-verification with an authenticator app or a passkey (epoch ms),
   * read from what verifying already records (see `lastVerifiedAt`); null when none is known.
   */
  lastVerifiedAt: number | null;
  devices: Array<{ id: string; label: string; createdAt: number; lastUsedAt: number; expiresAt: number }>;
}

/** What an app's own admin pages call: plain functions, no HTTP, every action audited. */
export interface TwoStepAdmin {
  status(userId: string): Promise<AdminUserStatus>;
  /** Removes methods, recovery codes, trusted devices, outstanding codes and the lock. */
  reset(userId: string, options?: AdminResetOptions): Promise<void>;
  unlock(userId: string, options?: AdminActionOptions): Promise<void>;
  /** Returns how many devices were revoked. */
  revokeDevices(userId: string, options?: AdminActionOptions): Promise<number>;
}

function checkUserId(userId: unknown): string {
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new TypeError(`twostep admin: userId must be a non-empty string (the value of users.id(user)), got ${typeof userId}.`);
  }
  return userId;
}

function byOf(options: AdminActionOptions): { by?: string } {
  const { by } = options;
  if (by === undefined) return {};
  if (typeof by !== 'string' || by === '') throw new TypeError('twostep admin: `by` is the administrator\'s id (users.id of the admin), a non-empty string, or left out.');
  return { by };
}

export function createAdmin(ctx: CoreContext): TwoStepAdmin {
  const at = () => ctx.options.now();
  return {
    async status(rawUserId) {
      const userId = checkUserId(rawUserId);
      const [account, devices] = await Promise.all([readAccountStatus(ctx, userId), listTrustedDevices(ctx, userId)]);
      const { enabled, setupRequired, methods, recoveryCodesLeft, lockedUntil, failures } = account;
      return { enabled, setupRequired, methods, recoveryCodesLeft, lockedUntil, failures, lastVerifiedAt: lastVerifiedAt(account), devices };
    },

    async reset(rawUserId, options = {}) {
      const userId = checkUserId(rawUserId);
      const requireSetup = options.requireSetup ?? false;
      // The record is emptied, not deleted: its version moves on, so a pending session
      // holding the old enrolment is answered `stale` and nothing enrolled before the reset
      // verifies again (a deleted record would restart at version 1 and could match).
      await updateEnrolment(ctx, userId, (current) => ({
        enabled: false,
        methods: [],
        ...(current.promptDismissed ? { promptDismissed: true } : {}),
        ...(requireSetup ? { setupRequired: true } : {}),
        updatedAt: at(),
      }));
      await ctx.enrolments.replaceRecoveryCodes(userId, []);
      await ctx.store.resetUser(userId);
      ctx.events.emit('admin.reset', { userId, ip: options.ip, at: at(), outcome: 'info', requireSetup, ...byOf(options) });
      // A reset answers a stolen account: its open sessions end too, in every process.
      await revokeSessions(ctx, userId, { reason: 'admin.reset', ip: options.ip, ...byOf(options) });
    },

    async unlock(rawUserId, options = {}) {
      const userId = checkUserId(rawUserId);
      await ctx.store.clearLock(userId);
      ctx.events.emit('unlocked', { userId, ip: options.ip, at: at(), outcome: 'info', ...byOf(options) });
    },

    async revokeDevices(rawUserId, options = {}) {
      const userId = checkUserId(rawUserId);
      const count = await ctx.store.deleteAllDevices(userId);
      ctx.events.emit('device.revoked', { userId, ip: options.ip, at: at(), method: 'device', outcome: 'info', count, ...byOf(options) });
      return count;
    },
  };
}

/** One row of the admin router's user list: what a list shows, without the devices (one read fewer per row). */
export interface AdminUserSummary {
  enabled: boolean;
  methods: AccountStatus['methods'];
  lockedUntil: number | null;
  lastVerifiedAt: number | null;
}

export async function userSummary(ctx: CoreContext, rawUserId: string): Promise<AdminUserSummary> {
  const account = await readAccountStatus(ctx, checkUserId(rawUserId));
  return { enabled: account.enabled, methods: account.methods, lockedUntil: account.lockedUntil, lastVerifiedAt: lastVerifiedAt(account) };
}
