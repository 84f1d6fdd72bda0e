/**
 * Where the report's charts get their per-second numbers: call-test's per-direction series
 * (`metrics.video.series`, src/core/metrics/media-series.ts) and `call`'s one-a-second readings, both as
 * SeriesPoints.
 */
import type { CallTestMetrics } from '../../../core/call-test/result.js';
import type { DirectionSecond, MediaSecond } from '../../../core/metrics/media-series.js';

/** One second of one direction, as the charts draw it. null: not measured that second. */
export type SeriesPoint = Omit<DirectionSecond, 'packetsLost' | 'freezes'> & { packetsLost: number | null; freezes: number | null };

export interface DirectionSeries {
  toReceiver: SeriesPoint[];
  toSender: SeriesPoint[];
}

/** The per-second series of one pair's call-test metrics, or null when the window recorded none. */
export function seriesOfCallTest(metrics: CallTestMetrics): DirectionSeries | null {
  const series = metrics.video.series;
  return series.toReceiver.length || series.toSender.length ? series : null;
}

/**
 * `rtcdemo call`'s readings: what the caller received. Its availableOutgoingBitrate is the caller's own
 * sending estimate, not the received direction's, so it is left out rather than drawn under a wrong label.
 */
export function seriesOfCallSeconds(seconds: readonly MediaSecond[]): SeriesPoint[] {
  return seconds.map((s) => ({
    t: s.t,
    fps: s.fps,
    bitrateKbps: s.receivedKbps,
    packetsLost: s.packetsLost,
    jitterMs: s.jitterMs,
    freezes: s.freezes,
    rttMs: s.rttMs,
    availableOutgoingKbps: null,
  }));
}
