/** Metric values with their units, and the metric list in `call-test --help`. */
import { formatMs } from './format.js';
import { METRIC_NAMES, metricDefinition, type MetricName, type MetricUnit } from '../../core/call-test/metrics.js';

/** A value with its unit, at a precision that suits the unit: `12 ms`, `29.8 fps`, `1840 kbps`, `38.21 MB/s`. */
export function formatMetricValue(name: MetricName, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'not measured';
  return formatWithUnit(metricDefinition(name).unit, value);
}

export function formatWithUnit(unit: MetricUnit, value: number): string {
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'fps':
      return `${value.toFixed(1)} fps`;
    case 'MB/s':
      return `${value.toFixed(2)} MB/s`;
    case 'kbps':
      return `${Math.round(value)} kbps`;
    default:
      return `${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`;
  }
}

/** The metric list for `rtcdemo call-test --help`: one `name  unit  description` line each, aligned. */
export function renderMetricList(indent = '  '): string {
  const width = Math.max(...METRIC_NAMES.map((n) => n.length));
  const unitWidth = Math.max(...METRIC_NAMES.map((n) => metricDefinition(n).unit.length));
  return METRIC_NAMES.map((n) => `${indent}${n.padEnd(width)}  ${metricDefinition(n).unit.padEnd(unitWidth)}  ${metricDefinition(n).description}`).join('\n');
}
