import { LABEL_VALUES, OTHER, type LabelName, type MetricDefinition, type MetricLabels } from './definitions.js';

const ALLOWED = new Map<string, ReadonlySet<string>>(Object.entries(LABEL_VALUES).map(([name, values]) => [name, new Set<string>(values)]));

/**
 * The labels of one observation as a library may record them: exactly the metric's label
 * names (a missing one is "other"), each value from its fixed set or "other". This is the
 * one gate between twostep (or an app's own call) and a metrics library, so no id, address
 * or free text can ever become a series.
 */
export function boundedLabels(definition: MetricDefinition, labels: MetricLabels | undefined): Record<string, string> {
  const bounded: Record<string, string> = {};
  for (const name of definition.labelNames) {
    const value = labels?.[name as LabelName];
    bounded[name] = value !== undefined && ALLOWED.get(name)!.has(value) ? value : OTHER;
  }
  return bounded;
}
