import type { TwoStepMetrics } from '../metrics/types.js';

/**
 * The `metrics` option as twostep calls it: a method that throws (a library's label error,
 * an app's own sink) is logged once and the sign-in goes on. Counting is the operator's
 * business, verification is ours — the same rule as for event listeners.
 */
export function guardedMetrics(metrics: TwoStepMetrics): TwoStepMetrics {
  let warned = false;
  const warn = (error: unknown) => {
    if (warned) return;
    warned = true;
    console.error('twostep: the `metrics` adapter threw; metrics may be incomplete (reported once)', error);
  };
  return {
    count(name, labels, by) {
      try {
        metrics.count(name, labels, by);
      } catch (error) {
        warn(error);
      }
    },
    observe(name, seconds, labels) {
      try {
        metrics.observe(name, seconds, labels);
      } catch (error) {
        warn(error);
      }
    },
  };
}
