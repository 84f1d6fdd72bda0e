/**
 * Where the report's charts get their per-second numbers: one shape (SeriesPoint) for every source.
 *
 * The call-test JSON's per-second series (issue 10 part 4 / issue 12) is being added on another branch;
 * until it lands, `seriesOfCallTest` reads it tolerantly from the places and field names it is expected
 * to have, and the charts draw whatever it finds. `seriesOfCallSeconds` adapts `rtcdemo call`'s readings.
 */
import type { CallTestMetrics } from '../../../core/call-test/result.js';
import type { SecondReading } from '../../../core/metrics/media-window.js';

/** One second of one direction, as the charts draw it. null: not measured that second. */
export interface SeriesPoint {
  /** Seconds since the media window started. */
  t: number;
  fps: number | null;
  /** Received bitrate. */
  bitrateKbps: number | null;
  /** Packets lost during this second (not cumulative). */
  packetsLost: number | null;
  jitterMs: number | null;
  rttMs: number | null;
  /** The sending side's congestion-control estimate of what it may send (availableOutgoingBitrate). */
  availableOutgoingKbps: number | null;
  /** Freezes that began during this second. */
  freezes: number | null;
}

export interface DirectionSeries {
  toReceiver: SeriesPoint[];
  toSender: SeriesPoint[];
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const first = (o: Loose, names: string[]): number | null => {
  for (const name of names) {
    const value = finite(o[name]);
    if (value !== null) return value;
  }
  return null;
};

function toPoint(raw: unknown): SeriesPoint | null {
  if (!isObject(raw)) return null;
  const t = first(raw, ['t', 'second', 'atS']);
  if (t === null) return null;
  const bitsPerSecond = first(raw, ['availableOutgoingBitrate']);
  return {
    t,
    fps: first(raw, ['fps', 'framesPerSecond']),
    bitrateKbps: first(raw, ['bitrateKbps', 'receivedKbps', 'kbps']),
    packetsLost: first(raw, ['packetsLost', 'lost']),
    jitterMs: first(raw, ['jitterMs']),
    rttMs: first(raw, ['rttMs', 'roundTripTimeMs']),
    availableOutgoingKbps: first(raw, ['availableOutgoingKbps', 'estimateKbps']) ?? (bitsPerSecond === null ? null : bitsPerSecond / 1000),
    freezes: first(raw, ['freezes', 'freezeCount']),
  };
}

function toPoints(raw: unknown): SeriesPoint[] {
  return Array.isArray(raw) ? raw.map(toPoint).filter((p): p is SeriesPoint => p !== null) : [];
}

/** The per-second series of one pair's call-test metrics, or null when the result carries none. */
export function seriesOfCallTest(metrics: CallTestMetrics): DirectionSeries | null {
  const video = metrics.video as unknown as Loose;
  const candidates = [video.series, (metrics as unknown as Loose).series, video.perSecond];
  for (const candidate of candidates) {
    if (!isObject(candidate)) continue;
    const series = { toReceiver: toPoints(candidate.toReceiver), toSender: toPoints(candidate.toSender) };
    if (series.toReceiver.length || series.toSender.length) return series;
  }
  return null;
}

/** `rtcdemo call`'s one-a-second readings (what the caller received); its packetsLost is cumulative. */
export function seriesOfCallSeconds(seconds: readonly SecondReading[]): SeriesPoint[] {
  let lostBefore = 0;
  return seconds.map((s) => {
    const lost = Math.max(0, s.packetsLost - lostBefore);
    lostBefore = Math.max(lostBefore, s.packetsLost);
    return { t: s.t, fps: s.fps, bitrateKbps: s.receivedKbps, packetsLost: lost, jitterMs: null, rttMs: null, availableOutgoingKbps: null, freezes: null };
  });
}
