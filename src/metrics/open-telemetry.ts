/**
 * The OpenTelemetry adapter: instruments made on the app's own `Meter`, so the app's SDK and
 * exporter decide where they go. Nothing of @opentelemetry/api is loaded here (the meter
 * brings it): its types alone are named.
 */
import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { TwoStepConfigError } from '../errors.js';
import { boundedLabels } from './bounded-labels.js';
import { METRIC_DEFINITIONS, type MetricDefinition } from './definitions.js';
import type { TwoStepMetrics } from './types.js';

export interface OpenTelemetryMetricsOptions {
  /** `metrics.getMeter('twostep')` from @opentelemetry/api, after your SDK's MeterProvider is registered (or `provider.getMeter('twostep')`). */
  meter: Meter;
}

function instrument(meter: Meter, definition: MetricDefinition): Counter | Histogram {
  if (definition.kind === 'counter') return meter.createCounter(definition.name, { description: definition.help });
  return meter.createHistogram(definition.name, {
    description: definition.help,
    unit: 's',
    advice: { explicitBucketBoundaries: [...definition.buckets!] },
  });
}

/** Counters and histograms on an OpenTelemetry meter, for `createTwoStep({ metrics })`. */
export function openTelemetryMetrics(options: OpenTelemetryMetricsOptions): TwoStepMetrics {
  const meter = (options as Partial<OpenTelemetryMetricsOptions> | undefined)?.meter as Partial<Meter> | undefined;
  if (typeof meter !== 'object' || meter === null || typeof meter.createCounter !== 'function' || typeof meter.createHistogram !== 'function') {
    throw new TwoStepConfigError("openTelemetryMetrics({ meter }) needs an OpenTelemetry Meter: `metrics.getMeter('twostep')` from @opentelemetry/api, once your SDK's MeterProvider is set up.");
  }
  const made = new Map(METRIC_DEFINITIONS.map((definition) => [definition.name, { definition, instrument: instrument(meter as Meter, definition) }]));
  return {
    count(name, labels, by = 1) {
      const entry = made.get(name)!;
      (entry.instrument as Counter).add(by, boundedLabels(entry.definition, labels));
    },
    observe(name, seconds, labels) {
      const entry = made.get(name)!;
      (entry.instrument as Histogram).record(seconds, boundedLabels(entry.definition, labels));
    },
  };
}
