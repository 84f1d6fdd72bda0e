/**
 * The call-test report's per-second view: one row a second, fps / received kbps / packets lost / the
 * sender's bandwidth estimate each way, and the RTT. A long window is folded into at most MAX_ROWS rows
 * (means of the rates, sums of the losses), so a 10-minute run still prints a small table.
 */
import type { ChalkInstance } from 'chalk';
import type { DirectionSecond } from '../../core/metrics/media-series.js';
import { formatMs, renderTable } from './format.js';

export const MAX_ROWS = 20;
const DASH = '–';

/** Consecutive seconds folded into one row. */
export interface SeriesRow {
  /** "3", or "4–6" for a folded row (seconds since the window started, rounded). */
  label: string;
  fps: number | null;
  kbps: number | null;
  lost: number;
  estimateKbps: number | null;
  rttMs: number | null;
}

export function foldSeries(series: DirectionSecond[], maxRows = MAX_ROWS): SeriesRow[] {
  const size = Math.max(1, Math.ceil(series.length / maxRows));
  const rows: SeriesRow[] = [];
  for (let i = 0; i < series.length; i += size) {
    const group = series.slice(i, i + size);
    const first = Math.round(group[0]!.t);
    const last = Math.round(group[group.length - 1]!.t);
    rows.push({
      label: first === last ? String(first) : `${first}–${last}`,
      fps: mean(group.map((s) => s.fps)),
      kbps: mean(group.map((s) => s.bitrateKbps)),
      lost: group.reduce((sum, s) => sum + s.packetsLost, 0),
      estimateKbps: mean(group.map((s) => s.availableOutgoingKbps)),
      rttMs: mean(group.map((s) => s.rttMs)),
    });
  }
  return rows;
}

function mean(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/** Rows of both directions side by side; empty string when nothing was sampled. */
export function renderSeriesTable(series: { toReceiver: DirectionSecond[]; toSender: DirectionSecond[] }, c: ChalkInstance, indent = '  '): string {
  const toReceiver = foldSeries(series.toReceiver);
  const toSender = foldSeries(series.toSender);
  const count = Math.max(toReceiver.length, toSender.length);
  if (count === 0) return '';
  const cells = (row: SeriesRow | undefined) =>
    row
      ? [fixed(row.fps, 1), fixed(row.kbps, 0), row.lost > 0 ? c.red(String(row.lost)) : '0', fixed(row.estimateKbps, 0)]
      : [DASH, DASH, DASH, DASH];
  const header = ['s', '→ receiver fps', 'kbps', 'lost', 'may send', '→ sender fps', 'kbps', 'lost', 'may send', 'RTT'].map((h) => c.dim(h));
  const rows = Array.from({ length: count }, (_, i) => {
    const r = toReceiver[i];
    const s = toSender[i];
    return [(r ?? s)!.label, ...cells(r), ...cells(s), formatMs(r?.rttMs ?? s?.rttMs ?? null)];
  });
  return renderTable([header, ...rows], { indent });
}

const fixed = (value: number | null, digits: number) => (value === null ? DASH : value.toFixed(digits));
