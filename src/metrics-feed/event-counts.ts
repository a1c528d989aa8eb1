/**
 * The counters that follow audit events, fed by listening to the event bus: every decision
 * is already announced in one place (a failure and a lock by `acceptOrRefuse`, a sign-in by
 * `signIn`), so counting it there cannot disagree with the audit log. Labels come from the
 * event's fixed fields only — never its user id, address or reason text.
 */
import type { EventBus, TwoStepEvents } from '../events.js';
import type { MetricLabels } from '../metrics/definitions.js';
import type { TwoStepMetrics } from '../metrics/types.js';
import { unitOf } from '../methods/method-units.js';

/** A skip answers no factor: its `method` label is "none", its `via` says which skip. */
function verifiedLabels(method: TwoStepEvents['verified']['method']): MetricLabels {
  switch (method) {
    case 'device':
      return { method: 'none', via: 'device' };
    case 'ip':
      return { method: 'none', via: 'network' };
    default:
      // Whether a factor is a passkey is its unit's to say.
      return { method, via: method !== undefined && unitOf(method).answer === 'passkey' ? 'passkey' : 'code' };
  }
}

/** Subscribes the counters; returns the unsubscribe functions' sum. */
export function countEvents(events: EventBus, metrics: TwoStepMetrics): () => void {
  const off = [
    events.on('challenge.issued', () => metrics.count('twostep_challenges_issued_total')),
    events.on('verified', (event) => metrics.count('twostep_verified_total', verifiedLabels(event.method))),
    events.on('failed', (event) => metrics.count('twostep_failures_total', { method: event.method })),
    events.on('locked', () => metrics.count('twostep_locks_total')),
    events.on('unlocked', () => metrics.count('twostep_unlocks_total')),
    events.on('admin.reset', () => metrics.count('twostep_resets_total')),
    events.on('sessions.revoked', () => metrics.count('twostep_revocations_total', { kind: 'sessions' })),
    events.on('device.revoked', () => metrics.count('twostep_revocations_total', { kind: 'devices' })),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
