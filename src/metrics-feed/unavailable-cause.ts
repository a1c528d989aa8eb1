/**
 * Which backend a 503 came from. The timed store wrappers mark what a backend call rejected
 * with; the error answer (`sendError`) reads the mark when it answers 503, so each 503 is
 * counted once, where it is sent, with the cause of its failure.
 */
import type { TwoStepMetrics } from '../metrics/types.js';

export type UnavailableCause = 'store' | 'database';

const causes = new WeakMap<object, UnavailableCause>();

/** Remembers that `error` came from `cause`; the first mark stays (the backend that failed first). */
export function markCause(error: unknown, cause: UnavailableCause): void {
  if (typeof error === 'object' && error !== null && !causes.has(error)) causes.set(error, cause);
}

/** Counts one 503 answer; an error no backend marked (an app callback that threw) is "other". */
export function countUnavailable(metrics: TwoStepMetrics | undefined, thrown: unknown): void {
  if (!metrics) return;
  const cause = typeof thrown === 'object' && thrown !== null ? causes.get(thrown) : undefined;
  metrics.count('twostep_unavailable_total', { cause: cause ?? 'other' });
}
