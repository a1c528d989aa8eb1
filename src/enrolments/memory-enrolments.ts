/**
 * Enrolment records in this process's memory: for development and tests. They die with
 * the process, which is only acceptable where the counters die too (`memoryStore()`).
 * Every call copies in and out, so callers can never mutate stored state.
 */
import type { Enrolment } from './records.js';
import type { EnrolmentRecord, EnrolmentStore } from './types.js';

interface StoredUser {
  version: number;
  enrolment: Enrolment | null;
  recoveryCodes: Set<string>;
  /** TOTP method id → last accepted step. */
  totpSteps: Map<string, number>;
  /** Method id (or `recovery`) → last successful use, epoch ms. */
  lastUsed: Map<string, number>;
}

/** The `lastUsed` key of the recovery codes (method ids are random and never this). */
const RECOVERY_USE = 'recovery';

function moveForward(lastUsed: Map<string, number>, key: string, atMs: number): void {
  if ((lastUsed.get(key) ?? -Infinity) < atMs) lastUsed.set(key, atMs);
}

export function memoryEnrolments(): EnrolmentStore {
  const users = new Map<string, StoredUser>();
  const userOf = (userId: string): StoredUser => {
    let user = users.get(userId);
    if (!user) {
      user = { version: 0, enrolment: null, recoveryCodes: new Set(), totpSteps: new Map(), lastUsed: new Map() };
      users.set(userId, user);
    }
    return user;
  };

  return {
    async read(userId): Promise<EnrolmentRecord | null> {
      const user = users.get(userId);
      if (!user?.enrolment) return null;
      return {
        version: user.version,
        enrolment: structuredClone(user.enrolment),
        recoveryCodesLeft: user.recoveryCodes.size,
        totpSteps: Object.fromEntries(user.totpSteps),
        lastUsed: Object.fromEntries(user.lastUsed),
      };
    },

    async write(userId, expectedVersion, enrolment) {
      const user = userOf(userId);
      if (user.version !== expectedVersion) return null;
      user.enrolment = structuredClone(enrolment);
      user.version += 1;
      // A removed method takes its used steps with it.
      const kept = new Set(enrolment.methods.map((method) => method.id));
      for (const methodId of user.totpSteps.keys()) if (!kept.has(methodId)) user.totpSteps.delete(methodId);
      for (const methodId of user.lastUsed.keys()) if (!kept.has(methodId) && methodId !== RECOVERY_USE) user.lastUsed.delete(methodId);
      return user.version;
    },

    async replaceRecoveryCodes(userId, codeHashes) {
      userOf(userId).recoveryCodes = new Set(codeHashes);
    },

    async consumeRecoveryCode(userId, codeHash, atMs) {
      const user = users.get(userId);
      if (!user) return { consumed: false, remaining: 0 };
      const consumed = user.recoveryCodes.delete(codeHash);
      if (consumed && atMs !== undefined && user.enrolment) moveForward(user.lastUsed, RECOVERY_USE, atMs);
      return { consumed, remaining: user.recoveryCodes.size };
    },

    async advanceTotpStep(userId, version, methodId, step, atMs) {
      const user = users.get(userId);
      if (!user || user.version !== version) return false;
      const last = user.totpSteps.get(methodId);
      if (last !== undefined && step <= last) return false;
      user.totpSteps.set(methodId, step);
      if (atMs !== undefined) moveForward(user.lastUsed, methodId, atMs);
      return true;
    },

    async recordMethodUse(userId, methodId, atMs) {
      const user = users.get(userId);
      if (user?.enrolment) moveForward(user.lastUsed, methodId, atMs);
    },
  };
}
