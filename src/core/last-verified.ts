/**
 * When a user last proved their second factor, from what verifying already writes — no
 * field of its own, so neither a sign-in nor a wrong code pays for it: the enrolment
 * store's replay guard keeps the last accepted time step of each authenticator app, and a
 * passkey keeps when it last signed. Email and SMS codes and recovery codes leave no such
 * trace (their checks are counters that expire), so a user who only uses those reads null.
 */
import type { Enrolment } from '../enrolments/records.js';
import { TOTP_PERIOD_SECONDS } from '../methods/totp.js';

export function lastVerifiedAt(account: { enrolment: Enrolment; totpSteps: Readonly<Record<string, number>> }): number | null {
  const methodIds = new Set(account.enrolment.methods.map((m) => m.id));
  let latest: number | null = null;
  const see = (instant: number | undefined) => {
    if (typeof instant === 'number' && Number.isFinite(instant) && (latest === null || instant > latest)) latest = instant;
  };
  // A step is the 30-second window the accepted code belonged to: its start, to the half minute.
  for (const [methodId, step] of Object.entries(account.totpSteps)) {
    if (methodIds.has(methodId)) see(step * TOTP_PERIOD_SECONDS * 1000);
  }
  for (const method of account.enrolment.methods) see(method.webauthn?.lastUsedAt);
  return latest;
}
