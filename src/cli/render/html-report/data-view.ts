/**
 * The data check as the report shows it: delivery counts (the bad ones marked), round-trip percentiles, a
 * histogram of every round trip (clipped at p99), and the bulk throughput. Pure.
 */
import type { CallTestResult, PairResult } from '../../../core/call-test/result.js';
import { DASH, formatBytes, formatMs } from '../format.js';
import { DIRECTION_COLORS, type ChartView } from './chart-views.js';
import { histogramOf } from './histogram.js';

export interface DataView {
  title: string;
  counts: Array<{ label: string; value: string; bad: boolean }>;
  rtt: Array<{ label: string; value: string }>;
  histogram: ChartView | null;
  bulk: string;
}

export function dataView(result: CallTestResult, pair: PairResult, samples: readonly number[], anchor: string): DataView {
  const d = pair.metrics.data;
  const histogram = histogramOf(samples, undefined, d.rtt.p99);
  return {
    title: `${d.serialization}, ${formatBytes(d.messageBytes)} messages, connection open in ${formatMs(d.connectionOpenMs)}`,
    counts: [
      { label: 'sent', value: String(d.sent), bad: false },
      { label: 'delivered', value: String(d.delivered), bad: d.delivered !== d.sent },
      { label: 'lost', value: String(d.lost), bad: d.lost > 0 },
      { label: 'duplicated', value: String(d.duplicated), bad: d.duplicated > 0 },
      { label: 'reordered', value: String(d.reordered), bad: d.reordered > 0 },
      { label: 'corrupted', value: String(d.corrupted), bad: d.corrupted > 0 },
    ],
    rtt: [
      { label: 'samples', value: String(d.rtt.samples) },
      { label: 'p50', value: formatMs(d.rtt.p50) },
      { label: 'p95', value: formatMs(d.rtt.p95) },
      { label: 'p99', value: formatMs(d.rtt.p99) },
      { label: 'max', value: formatMs(d.rtt.max) },
      { label: 'mean', value: formatMs(d.rtt.mean) },
    ],
    histogram: histogram
      ? {
          id: `${anchor}-rtt-histogram`,
          title: `Message round trips (${histogram.counts.reduce((a, b) => a + b, 0)}), ${formatMs(histogram.binMs)} bins${histogram.clipped ? `; the last bar also counts the ${histogram.clipped} above p99 (max ${formatMs(d.rtt.max)})` : ''}`,
          unit: 'messages',
          kind: 'bars',
          xLabel: 'ms',
          x: histogram.starts,
          series: [{ label: 'round trips', values: histogram.counts, color: DIRECTION_COLORS.toReceiver }],
        }
      : null,
    bulk:
      result.options.bulkBytes === 0
        ? 'bulk transfer skipped (--bulk 0)'
        : `${formatBytes(d.bulk.bytes)} in ${formatMs(d.bulk.ms)} → ${d.bulk.throughputMBps === null ? DASH : `${d.bulk.throughputMBps.toFixed(2)} MB/s`}`,
  };
}


