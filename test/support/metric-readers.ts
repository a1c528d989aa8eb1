/**
 * Reading twostep's metrics back through each library's own API: prom-client's
 * `registry.getMetricsAsJSON()`, and the OpenTelemetry SDK's `MeterProvider` with a
 * `MetricReader` whose `collect()` is what any exporter would send.
 */
import { MeterProvider, MetricReader, DataPointType, type HistogramMetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import type { Registry } from 'prom-client';

type Labels = Record<string, string>;

const matches = (labels: Record<string, unknown>, wanted: Labels) => Object.entries(wanted).every(([name, value]) => labels[name] === value);

/** A counter's value summed over the series whose labels include `wanted`; 0 when none. */
export async function promCounter(registry: Registry, name: string, wanted: Labels = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (!metric) throw new Error(`${name} is not registered`);
  return metric.values.filter((v) => matches(v.labels, wanted)).reduce((sum, v) => sum + v.value, 0);
}

/** How many observations a histogram holds in the series whose labels include `wanted`. */
export async function promObservations(registry: Registry, name: string, wanted: Labels = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (!metric) throw new Error(`${name} is not registered`);
  return metric.values.filter((v) => (v as { metricName?: string }).metricName === `${name}_count` && matches(v.labels, wanted)).reduce((sum, v) => sum + v.value, 0);
}

/** Every label set of every series, for checking that no id or address became a label. */
export async function promLabelValues(registry: Registry): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).flatMap((m) => m.values.flatMap((v) => Object.entries(v.labels).filter(([name]) => name !== 'le').map(([, value]) => String(value))));
}

/** A reader that exports nowhere: `collect()` is the test's window on the SDK. */
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface OtelCollector {
  provider: MeterProvider;
  /** Counter value (sum over matching series) or, for a histogram, its observation count. */
  value(name: string, wanted?: Labels): Promise<number>;
  /** Every attribute value of every data point. */
  attributeValues(): Promise<string[]>;
}

export function otelCollector(): OtelCollector {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  const points = async (name: string) => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
    return metric;
  };
  return {
    provider,
    async value(name, wanted = {}) {
      const metric = await points(name);
      if (!metric) return 0;
      if (metric.dataPointType === DataPointType.HISTOGRAM) {
        return (metric as HistogramMetricData).dataPoints.filter((p) => matches(p.attributes, wanted)).reduce((sum, p) => sum + p.value.count, 0);
      }
      return (metric as SumMetricData).dataPoints.filter((p) => matches(p.attributes, wanted)).reduce((sum, p) => sum + p.value, 0);
    },
    async attributeValues() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).flatMap((m) => (m.dataPoints as Array<{ attributes: Record<string, unknown> }>).flatMap((p) => Object.values(p.attributes).map(String)));
    },
  };
}
