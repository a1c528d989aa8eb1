/**
 * The `metrics` option and the adapters' own options: a wrong one stops start-up with a
 * message that says the fix. And the optional peer dependencies stay optional: the `twostep`
 * entry never loads prom-client or @opentelemetry/api, `twostep/metrics` loads prom-client
 * only when `prometheusMetrics()` is called, and @opentelemetry/api never (the meter brings it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { metrics as otelApi } from '@opentelemetry/api';
import { Registry, register } from 'prom-client';
import { createTwoStep, memoryStore, TwoStepConfigError } from '../src/index.ts';
import { openTelemetryMetrics, prometheusMetrics, METRIC_DEFINITIONS, LABEL_VALUES } from '../src/metrics/index.ts';
import { internalsOf } from '../src/testing/index.ts';
import { TEST_SECRET } from './support/test-app.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const base = { secret: TEST_SECRET, users: { id: (u: { id: string }) => u.id }, store: memoryStore() };

function refused(make: () => unknown, ...says: RegExp[]) {
  assert.throws(make, (error: unknown) => {
    assert.ok(error instanceof TwoStepConfigError, `a TwoStepConfigError, got ${String(error)}`);
    for (const pattern of says) assert.match(error.message, pattern);
    return true;
  });
}

describe('metrics options', () => {
  it('`metrics` must be an adapter: the factory itself, a registry, a meter or a wrong shape is refused with the call to make', () => {
    refused(() => createTwoStep({ ...base, metrics: prometheusMetrics as never }), /`metrics` must be an adapter/, /a function \(prometheusMetrics\): call it/, /prometheusMetrics\(\{ registry \}\)/);
    refused(() => createTwoStep({ ...base, metrics: new Registry() as never }), /a Registry/, /openTelemetryMetrics\(\{ meter \}\)/);
    refused(() => createTwoStep({ ...base, metrics: otelApi.getMeter('twostep') as never }), /`metrics` must be an adapter/, /docs\/metrics\.md/);
    refused(() => createTwoStep({ ...base, metrics: { count: () => {} } as never }), /count\(\) and observe\(\)/);
    refused(() => createTwoStep({ ...base, metrics: 'prometheus' as never }), /got "prometheus"/);
    refused(() => createTwoStep({ ...base, metrics: null as never }), /got null/);
  });

  it('an adapter, or an app\'s own { count, observe }, is taken as given; none means nothing is wrapped', () => {
    const own = { count() {}, observe() {} };
    assert.equal(internalsOf(createTwoStep({ ...base, metrics: own })).options.metrics, own);
    assert.equal(internalsOf(createTwoStep(base)).options.metrics, undefined);
    const registry = new Registry();
    createTwoStep({ ...base, metrics: prometheusMetrics({ registry }) });
    assert.deepEqual(registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name).sort(), METRIC_DEFINITIONS.map((d) => d.name).sort());
  });

  it('prometheusMetrics: a bad prefix or registry is refused with the fix; two calls on one registry share its series', async () => {
    refused(() => prometheusMetrics({ prefix: '9clinic' }), /prefix/, /like "myapp_"/);
    refused(() => prometheusMetrics({ prefix: 'my-app_' }), /letters, digits, _ or :/);
    refused(() => prometheusMetrics({ registry: {} as never }), /takes a prom-client Registry/, /new Registry\(\)/);
    refused(() => prometheusMetrics(null as never), /takes an object like \{ registry, prefix \}/);
    const registry = new Registry();
    const first = prometheusMetrics({ registry });
    const second = prometheusMetrics({ registry });
    first.count('twostep_locks_total');
    second.count('twostep_locks_total');
    assert.match(await registry.getSingleMetricAsString('twostep_locks_total'), /twostep_locks_total 2/);
  });

  it('prometheusMetrics with no registry uses prom-client\'s global one', async () => {
    prometheusMetrics();
    assert.ok(register.getSingleMetric('twostep_verified_total'));
    register.clear();
  });

  it('openTelemetryMetrics needs a Meter, and says where to get one', () => {
    refused(() => openTelemetryMetrics({} as never), /needs an OpenTelemetry Meter/, /metrics\.getMeter\('twostep'\)/);
    refused(() => openTelemetryMetrics(undefined as never), /needs an OpenTelemetry Meter/);
    refused(() => openTelemetryMetrics({ meter: new Registry() } as never), /needs an OpenTelemetry Meter/);
    // The API's own no-op meter (no SDK registered) is a meter: counting into it costs nothing and breaks nothing.
    const noop = openTelemetryMetrics({ meter: otelApi.getMeter('twostep') });
    noop.count('twostep_verified_total', { method: 'totp', via: 'code' });
  });

  it('every definition names labels that have a fixed set of values, and every name is a valid Prometheus name', () => {
    for (const definition of METRIC_DEFINITIONS) {
      assert.match(definition.name, /^twostep_[a-z_]+_(total|seconds)$/);
      assert.equal(definition.kind === 'counter', definition.name.endsWith('_total'), definition.name);
      for (const label of definition.labelNames) assert.ok(LABEL_VALUES[label].length > 0, `${definition.name}{${label}} has a fixed set`);
    }
  });

  it('the built `twostep` entry loads neither library; `twostep/metrics` loads prom-client only when asked', () => {
    const probe = `
const loaded = () => Object.keys(require.cache).filter((path) => /node_modules[\\\\/](prom-client|@opentelemetry)[\\\\/]/.test(path)).map((path) => path.match(/node_modules[\\\\/]((@[^\\\\/]+[\\\\/])?[^\\\\/]+)/)[1]);
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
const report = [];
const twostep = await import('twostep');
twostep.createTwoStep({ secret: 'x'.repeat(40), users: { id: (u) => u.id }, store: twostep.memoryStore() });
report.push('main:' + [...new Set(loaded())].join('+'));
const entry = await import('twostep/metrics');
report.push('metrics:' + [...new Set(loaded())].join('+'));
entry.prometheusMetrics();
// prom-client itself may load @opentelemetry/api (its exemplars): that is its business.
report.push('prometheus:' + loaded().includes('prom-client'));
console.log(report.join(' '));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' }).trim();
    assert.equal(out, 'main: metrics: prometheus:true');
  });
});
