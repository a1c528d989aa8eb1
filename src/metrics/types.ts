import type { CounterName, HistogramName, MetricLabels } from './definitions.js';

/**
 * What `createTwoStep({ metrics })` feeds: `prometheusMetrics()` and `openTelemetryMetrics()`
 * return one, and an app may write its own (StatsD, a log line). twostep calls it only from
 * its event emission, its store wrappers and its 503 answers — never on a verified request.
 * A method that throws is logged and ignored: metrics never break a sign-in.
 */
export interface TwoStepMetrics {
  /** Adds `by` (default 1) to a counter. */
  count(name: CounterName, labels?: MetricLabels, by?: number): void;
  /** Records one duration, in seconds, in a histogram. */
  observe(name: HistogramName, seconds: number, labels?: MetricLabels): void;
}
