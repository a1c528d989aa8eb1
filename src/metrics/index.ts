/**
 * `twostep/metrics`: counters and histograms for the people who run twostep. Pass an adapter
 * as `createTwoStep({ metrics })`. Each adapter's library is an optional peer dependency,
 * loaded only when its adapter is called; the `twostep` entry loads neither (docs/metrics.md).
 */
export { prometheusMetrics } from './prometheus.js';
export type { PrometheusMetricsOptions } from './prometheus.js';
export { openTelemetryMetrics } from './open-telemetry.js';
export type { OpenTelemetryMetricsOptions } from './open-telemetry.js';
export { METRIC_DEFINITIONS, LABEL_VALUES } from './definitions.js';
export type { MetricDefinition, CounterName, HistogramName, MetricLabels, LabelName } from './definitions.js';
export type { TwoStepMetrics } from './types.js';
