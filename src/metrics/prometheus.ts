/**
 * The prom-client adapter. prom-client is an optional peer dependency: it is loaded here,
 * when the app asks for this adapter, never by the `twostep` entry.
 */
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';
import { TwoStepConfigError } from '../errors.js';
import { boundedLabels } from './bounded-labels.js';
import { METRIC_DEFINITIONS, type MetricDefinition } from './definitions.js';
import type { TwoStepMetrics } from './types.js';

export interface PrometheusMetricsOptions {
  /** Where the metrics are registered, the one your `/metrics` route serves. @default prom-client's global `register` */
  registry?: PromClient.Registry;
  /** Put before every name (`myapp_` → `myapp_twostep_verified_total`). @default '' */
  prefix?: string;
}

const PROMETHEUS_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function loadPromClient(): typeof PromClient {
  try {
    return createRequire(import.meta.url)('prom-client') as typeof PromClient;
  } catch {
    throw new TwoStepConfigError('prometheusMetrics() needs prom-client, an optional peer dependency: run `npm install prom-client@^15`.');
  }
}

function checkRegistry(registry: unknown): asserts registry is PromClient.Registry | undefined {
  const candidate = registry as Partial<PromClient.Registry> | null | undefined;
  if (registry !== undefined && (typeof candidate !== 'object' || candidate === null || typeof candidate.getSingleMetric !== 'function' || typeof candidate.registerMetric !== 'function')) {
    throw new TwoStepConfigError('prometheusMetrics({ registry }) takes a prom-client Registry, for example `new Registry()` or prom-client\'s `register`; leave it out for the global one.');
  }
}

type Made = PromClient.Counter<string> | PromClient.Histogram<string>;

/**
 * One instrument per definition. A registry that has the metric already (a second
 * createTwoStep in the process, a test app per case) hands back its own: registering a name
 * twice is an error in prom-client, and both twosteps then count into the same series.
 */
function instrument(client: typeof PromClient, registry: PromClient.Registry, definition: MetricDefinition, name: string): Made {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Made;
  const config = { name, help: definition.help, labelNames: [...definition.labelNames], registers: [registry] };
  return definition.kind === 'counter'
    ? new client.Counter(config)
    : new client.Histogram({ ...config, buckets: [...definition.buckets!] });
}

/** Counters and histograms in a prom-client registry, for `createTwoStep({ metrics })`. */
export function prometheusMetrics(options: PrometheusMetricsOptions = {}): TwoStepMetrics {
  if (typeof options !== 'object' || options === null) throw new TwoStepConfigError('prometheusMetrics(options) takes an object like { registry, prefix }, or nothing.');
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string' || (prefix !== '' && !PROMETHEUS_NAME.test(prefix))) {
    throw new TwoStepConfigError(`prometheusMetrics({ prefix }) must be letters, digits, _ or : and not start with a digit (like "myapp_"), got ${JSON.stringify(prefix)}.`);
  }
  checkRegistry(options.registry);
  const client = loadPromClient();
  const registry = options.registry ?? client.register;
  const made = new Map(METRIC_DEFINITIONS.map((definition) => [definition.name, { definition, metric: instrument(client, registry, definition, `${prefix}${definition.name}`) }]));
  return {
    count(name, labels, by = 1) {
      const entry = made.get(name)!;
      (entry.metric as PromClient.Counter<string>).inc(boundedLabels(entry.definition, labels), by);
    },
    observe(name, seconds, labels) {
      const entry = made.get(name)!;
      (entry.metric as PromClient.Histogram<string>).observe(boundedLabels(entry.definition, labels), seconds);
    },
  };
}
