/**
 * The report's charts as data: per-second series of both directions lined up on one time axis, one chart
 * per measure, lines that measured nothing left out. Drawn by page/report-charts.ts with uPlot. Pure.
 */
import type { DirectionSeries, SeriesPoint } from './series-source.js';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  dashed?: boolean;
}

export interface ChartView {
  id: string;
  title: string;
  unit: string;
  kind: 'line' | 'bars';
  xLabel: string;
  x: number[];
  series: ChartSeries[];
}

/** One colour per direction, in every chart and legend. */
export const DIRECTION_COLORS = { toReceiver: '#2563eb', toSender: '#d9480f' } as const;

/** Charts of both directions from their per-second series; a chart with no measured value is left out. */
export function seriesCharts(anchor: string, series: DirectionSeries, labels = { toReceiver: '→ receiver', toSender: '→ sender' }): ChartView[] {
  const xs = [...new Set([...series.toReceiver, ...series.toSender].map((p) => round1(p.t)))].sort((a, b) => a - b);
  const column = (points: SeriesPoint[], pick: (p: SeriesPoint) => number | null) => {
    const byT = new Map(points.map((p) => [round1(p.t), pick(p)]));
    return xs.map((x) => byT.get(x) ?? null);
  };
  const specs: Array<{ key: string; title: string; unit: string; lines: Array<{ dir: keyof DirectionSeries; pick: (p: SeriesPoint) => number | null; label: string; dashed?: boolean }> }> = [
    { key: 'fps', title: 'Frames decoded per second', unit: 'fps', lines: [{ dir: 'toReceiver', pick: (p) => p.fps, label: labels.toReceiver }, { dir: 'toSender', pick: (p) => p.fps, label: labels.toSender }] },
    {
      key: 'bitrate',
      title: 'Received bitrate (solid) and the sending side’s estimate of what it may send (dashed)',
      unit: 'kbps',
      lines: [
        { dir: 'toReceiver', pick: (p) => p.bitrateKbps, label: labels.toReceiver },
        { dir: 'toSender', pick: (p) => p.bitrateKbps, label: labels.toSender },
        { dir: 'toReceiver', pick: (p) => p.availableOutgoingKbps, label: `${labels.toReceiver} estimate`, dashed: true },
        { dir: 'toSender', pick: (p) => p.availableOutgoingKbps, label: `${labels.toSender} estimate`, dashed: true },
      ],
    },
    { key: 'loss', title: 'Packets lost per second', unit: 'packets', lines: [{ dir: 'toReceiver', pick: (p) => p.packetsLost, label: labels.toReceiver }, { dir: 'toSender', pick: (p) => p.packetsLost, label: labels.toSender }] },
    { key: 'jitter', title: 'Jitter', unit: 'ms', lines: [{ dir: 'toReceiver', pick: (p) => p.jitterMs, label: labels.toReceiver }, { dir: 'toSender', pick: (p) => p.jitterMs, label: labels.toSender }] },
    { key: 'rtt', title: 'Round-trip time (ICE candidate pair)', unit: 'ms', lines: [{ dir: 'toReceiver', pick: (p) => p.rttMs, label: labels.toReceiver }, { dir: 'toSender', pick: (p) => p.rttMs, label: labels.toSender }] },
    { key: 'freezes', title: 'Freezes per second', unit: 'freezes', lines: [{ dir: 'toReceiver', pick: (p) => p.freezes, label: labels.toReceiver }, { dir: 'toSender', pick: (p) => p.freezes, label: labels.toSender }] },
  ];
  const charts: ChartView[] = [];
  for (const spec of specs) {
    const lines = spec.lines
      .map((l) => ({ label: l.label, values: column(series[l.dir], l.pick), color: DIRECTION_COLORS[l.dir], dashed: l.dashed }))
      .filter((l) => l.values.some((v) => v !== null));
    const title = spec.key === 'bitrate' && !lines.some((l) => l.dashed) ? 'Received bitrate' : spec.title;
    if (lines.length) charts.push({ id: `${anchor}-${spec.key}`, title, unit: spec.unit, kind: 'line', xLabel: 's', x: xs, series: lines });
  }
  return charts;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
