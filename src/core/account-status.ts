import type { Enrolment } from '../enrolments/records.js';
import type { CoreContext } from './context.js';
import { confirmedMethods, describeMethod, hasActiveSecondFactor, readSnapshot } from './enrolment-snapshot.js';

export interface AccountStatus {
  /** The enrolment as stored now (setups that ran out dropped). */
  enrolment: Enrolment;
  enabled: boolean;
  /** 2FA is in force: enabled with a method that can answer a challenge. */
  active: boolean;
  setupRequired: boolean;
  /** Each set-up method, with `lastUsedAt` (epoch ms) when it was used since twostep kept it. */
  methods: Array<ReturnType<typeof describeMethod> & { lastUsedAt?: number }>;
  recoveryCodesLeft: number;
  /** Epoch ms a recovery code was last used; null when never (or not known). */
  recoveryCodesLastUsedAt: number | null;
  /** Epoch ms, or null when not locked. */
  lockedUntil: number | null;
  failures: number;
  /** TOTP method id → the last time step accepted from it. */
  totpSteps: Readonly<Record<string, number>>;
}

/** The lock alone: the challenge page needs nothing else, and must not cost an enrolment read. */
export function readLockState(ctx: CoreContext, userId: string) {
  return ctx.store.getLockState(userId, ctx.options.now());
}

/**
 * A user's 2FA state as the HTTP layer and the admin API show it: the enrolment (from the
 * enrolment store) and the lock (from the counters store), read together. The one place
 * that knows where each part lives.
 */
export async function readAccountStatus(ctx: CoreContext, userId: string): Promise<AccountStatus> {
  const [snapshot, lock] = await Promise.all([readSnapshot(ctx, userId), readLockState(ctx, userId)]);
  const { enrolment } = snapshot;
  return {
    enrolment,
    enabled: enrolment.enabled,
    active: hasActiveSecondFactor(enrolment),
    setupRequired: enrolment.setupRequired === true,
    methods: confirmedMethods(enrolment).map((method) => {
      // A passkey's last signature is kept with its credential (its counter is written anyway).
      const lastUsedAt = snapshot.lastUsed[method.id] ?? method.webauthn?.lastUsedAt;
      return { ...describeMethod(method), ...(lastUsedAt === undefined ? {} : { lastUsedAt }) };
    }),
    recoveryCodesLeft: snapshot.recoveryCodesLeft,
    recoveryCodesLastUsedAt: snapshot.lastUsed.recovery ?? null,
    lockedUntil: lock.lockedUntil,
    failures: lock.failures,
    totpSteps: snapshot.totpSteps,
  };
}
