import type { EnrolledMethod, Enrolment } from '../store/types.js';
import type { CoreContext } from './context.js';

/**
 * An enrolment as read at one generation. The pending session carries it (the TOTP
 * secret inside stays sealed) so that verifying a code costs one store round trip: the
 * store refuses the attempt as `stale` if the enrolment moved on since.
 */
export interface EnrolmentSnapshot {
  generation: number;
  enrolment: Enrolment;
}

export function emptyEnrolment(nowMs: number): Enrolment {
  return { enabled: false, methods: [], updatedAt: nowMs };
}

export async function readSnapshot(ctx: CoreContext, userId: string): Promise<EnrolmentSnapshot> {
  // Generation first: if the enrolment changes between the two reads, the snapshot is
  // newer than its generation and the store answers `stale` once, which is harmless.
  const generation = await ctx.store.getGeneration(userId);
  const stored = await ctx.store.getEnrolment(userId);
  const nowMs = ctx.options.now();
  const enrolment = stored ?? emptyEnrolment(nowMs);
  return { generation, enrolment: withoutExpiredSetups(enrolment, nowMs) };
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
export function describeMethod(method: EnrolledMethod): { id: string; type: EnrolledMethod['type']; label: string; primary: boolean } {
  return { id: method.id, type: method.type, label: method.label, primary: method.primary };
}
