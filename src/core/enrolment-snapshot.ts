import type { EnrolledMethod, Enrolment } from '../enrolments/records.js';
import type { CoreContext } from './context.js';

/**
 * An enrolment as read at one version. Verification works against a trimmed copy the
 * pending session carries (`challengeSnapshot`), so a wrong code costs one Redis script and
 * no database query: the counters store answers `stale` when the enrolment moved on since.
 */
export interface ChallengeSnapshot {
  /** The enrolment store's version; 0 when the user has no record. */
  version: number;
  enrolment: Enrolment;
}

export interface EnrolmentSnapshot extends ChallengeSnapshot {
  recoveryCodesLeft: number;
  /** TOTP method id → the last time step accepted from it (the enrolment store's replay guard). */
  totpSteps: Readonly<Record<string, number>>;
  /** Method id (or `recovery`) → epoch ms of its last successful use, as the enrolment store keeps it. */
  lastUsed: Readonly<Record<string, number>>;
}

export function emptyEnrolment(nowMs: number): Enrolment {
  return { enabled: false, methods: [], updatedAt: nowMs };
}

export async function readSnapshot(ctx: CoreContext, userId: string): Promise<EnrolmentSnapshot> {
  const record = await ctx.enrolments.read(userId);
  const nowMs = ctx.options.now();
  if (!record) return { version: 0, enrolment: emptyEnrolment(nowMs), recoveryCodesLeft: 0, totpSteps: {}, lastUsed: {} };
  return {
    version: record.version,
    enrolment: withoutExpiredSetups(record.enrolment, nowMs),
    recoveryCodesLeft: record.recoveryCodesLeft,
    totpSteps: record.totpSteps ?? {},
    lastUsed: record.lastUsed ?? {},
  };
}

/**
 * What a pending session needs to check an answer, and nothing more: confirmed methods
 * with their sealed secrets and masked labels, never a full address (the session store is
 * the app's, and an admin reset cannot reach it). Sending a code reads the address afresh.
 */
export function challengeSnapshot(snapshot: ChallengeSnapshot): ChallengeSnapshot {
  const methods = confirmedMethods(snapshot.enrolment).map(({ address: _address, ...method }) => method);
  return { version: snapshot.version, enrolment: { enabled: snapshot.enrolment.enabled, methods, updatedAt: snapshot.enrolment.updatedAt } };
}

function withoutExpiredSetups(enrolment: Enrolment, nowMs: number): Enrolment {
  const methods = enrolment.methods.filter((m) => m.confirmed || (m.pendingUntil ?? 0) > nowMs);
  return methods.length === enrolment.methods.length ? enrolment : { ...enrolment, methods };
}

export function confirmedMethods(enrolment: Enrolment): EnrolledMethod[] {
  return enrolment.methods.filter((m) => m.confirmed);
}

export function primaryMethod(enrolment: Enrolment): EnrolledMethod | undefined {
  const confirmed = confirmedMethods(enrolment);
  return confirmed.find((m) => m.primary) ?? confirmed[0];
}

/** 2FA is in force: enabled and at least one method that can answer a challenge. */
export function hasActiveSecondFactor(enrolment: Enrolment): boolean {
  return enrolment.enabled && confirmedMethods(enrolment).length > 0;
}

/** The public view of a method: never the secret, never the full address. */
export interface MethodDescription {
  id: string;
  type: EnrolledMethod['type'];
  label: string;
  primary: boolean;
  /**
   * Passkeys only: the authenticator says it is backed up (a passkey synced by a password
   * manager or platform account, so on the user's other devices too); false for one that
   * lives on this device or security key alone. As of its latest registration or use.
   */
  synced?: boolean;
  /** The user's own name for it, when they gave one ("Work phone"). */
  name?: string;
  /** Which of its type it is (2: "Authenticator app 2"), fixed when it was set up. */
  number?: number;
}

export function describeMethod(method: EnrolledMethod): MethodDescription {
  const described: MethodDescription = { id: method.id, type: method.type, label: method.label, primary: method.primary };
  if (method.name !== undefined) described.name = method.name;
  if (method.number !== undefined) described.number = method.number;
  if (method.webauthn) described.synced = method.webauthn.backedUp;
  return described;
}
