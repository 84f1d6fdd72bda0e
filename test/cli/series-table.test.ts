import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { foldSeries, renderSeriesTable } from '../../src/cli/render/series-table.js';
import type { DirectionSecond } from '../../src/core/metrics/media-series.js';

const plain = new Chalk({ level: 0 });
const second = (t: number, over: Partial<DirectionSecond> = {}): DirectionSecond => ({
  t, fps: 30, bitrateKbps: 500, packetsLost: 0, jitterMs: 2, freezes: 0, rttMs: 1, availableOutgoingKbps: 2000, ...over,
});

describe('foldSeries', () => {
  it('keeps one row a second up to the limit', () => {
    const rows = foldSeries([second(1.004), second(2.01, { fps: 29.5, packetsLost: 3 })], 20);
    expect(rows).toEqual([
      { label: '1', fps: 30, kbps: 500, lost: 0, estimateKbps: 2000, rttMs: 1 },
      { label: '2', fps: 29.5, kbps: 500, lost: 3, estimateKbps: 2000, rttMs: 1 },
    ]);
  });

  it('folds a long window: means of rates, sums of losses, ranges as labels', () => {
    const series = Array.from({ length: 60 }, (_, i) => second(i + 1, { fps: i % 2 ? 20 : 30, packetsLost: 1 }));
    const rows = foldSeries(series, 20);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual({ label: '1–3', fps: (30 + 20 + 30) / 3, kbps: 500, lost: 3, estimateKbps: 2000, rttMs: 1 });
    expect(rows.at(-1)?.label).toBe('58–60');
  });

  it('ignores unknown values in a mean, and is null when all are unknown', () => {
    const rows = foldSeries([second(1, { fps: null, rttMs: null }), second(2, { fps: 10, rttMs: null }), second(3, { fps: 20, rttMs: null })], 1);
    expect(rows).toEqual([{ label: '1–3', fps: 15, kbps: 500, lost: 0, estimateKbps: 2000, rttMs: null }]);
  });

  it('is empty for an empty series', () => {
    expect(foldSeries([])).toEqual([]);
  });
});

describe('renderSeriesTable', () => {
  it('puts both directions side by side, one row a second', () => {
    const table = renderSeriesTable({ toReceiver: [second(1, { fps: 19.9, bitrateKbps: 485.2, availableOutgoingKbps: 3613 }), second(2)], toSender: [second(1, { fps: 20.9, packetsLost: 4 })] }, plain, '');
    expect(table.split('\n')).toEqual([
      's  → receiver fps  kbps  lost  may send  → sender fps  kbps  lost  may send  RTT',
      '1  19.9            485   0     3613      20.9          500   4     2000      1.0 ms',
      '2  30.0            500   0     2000      –             –     –     –         1.0 ms',
    ]);
  });

  it('prints nothing when the window had no samples', () => {
    expect(renderSeriesTable({ toReceiver: [], toSender: [] }, plain)).toBe('');
  });
});
