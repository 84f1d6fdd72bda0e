/**
 * The statistics behind every reported number (call, send and call-test alike). Pure functions over what the pages measured.
 *
 * Percentiles use the nearest-rank method: the p-th percentile is the smallest sample such that at least p %
 * of the samples are ≤ it, i.e. sorted[⌈p/100 · n⌉ − 1] (p = 0 gives the minimum). Chosen over linear
 * interpolation because every reported value is a round trip that really happened, and p100 is exactly the
 * max. https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method
 *
 * Throughput is in MB/s with MB = 1,000,000 bytes (SI, as network speeds are quoted), not MiB.
 */
import type { MediaStatsSample } from '../../protocol.js';
import type { RttSummary, VideoDirectionMetrics } from './types.js';
import { counterDelta, kbps, perSecond } from './rates.js';

/** Non-finite samples (a missing measurement that became NaN) are ignored; null when nothing is left. */
export function percentile(sortedOrUnsorted: number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, got ${p}`);
  const sorted = finiteSorted(sortedOrUnsorted);
  return nearestRank(sorted, p);
}

function finiteSorted(samples: number[]): number[] {
  return samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
}

function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function summarizeRtt(samples: number[]): RttSummary {
  const sorted = finiteSorted(samples);
  const n = sorted.length;
  return {
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
    max: n ? sorted[n - 1]! : null,
    mean: n ? sorted.reduce((sum, x) => sum + x, 0) / n : null,
    samples: n,
  };
}

/** MB/s with MB = 10^6 bytes; null when the duration is not a positive number (nothing was timed). */
export function throughputMBps(bytes: number, ms: number | null): number | null {
  if (ms === null || !(ms > 0) || !Number.isFinite(ms) || !(bytes >= 0)) return null;
  return bytes / 1e6 / (ms / 1000);
}

type InboundSample = NonNullable<MediaStatsSample['inbound']>;

/**
 * One direction of video over the measurement window, from the receiving side's inbound-rtp readings taken
 * during it (null readings, before the track had stats, are skipped).
 *
 * - fps: framesDecoded(last − first) / window seconds. Decoded, not received: a frame that arrived but could
 *   not be decoded never reached the screen.
 * - bitrateKbps: bytesReceived(last − first) · 8 / window ms (bits per ms = kbit/s, k = 1000).
 * - packetsLost, freezes: the increase over the window (counterDelta: a counter that went backwards counts 0).
 * - framesDecoded: the cumulative count at the last reading (frames decoded since the call started), which is
 *   what "at least one decoded frame" asks about.
 * - jitterMs: the largest jitter seen in the window (the worst moment is what a CI check cares about).
 * - width, height, codec: the last reading that had them.
 * Rates need two readings and a positive window; with fewer they are null and the deltas are 0.
 */
export function summarizeVideoDirection(samples: Array<MediaStatsSample['inbound']>, windowMs: number): VideoDirectionMetrics {
  const readings = samples.filter((s): s is InboundSample => s !== null);
  const first = readings[0];
  const last = readings[readings.length - 1];
  const hasWindow = first !== undefined && last !== undefined && readings.length >= 2 && windowMs > 0 && Number.isFinite(windowMs);
  const delta = (pick: (s: InboundSample) => number) => (first && last ? counterDelta(pick(first), pick(last)) : 0);
  const lastKnown = <T>(pick: (s: InboundSample) => T | null): T | null => {
    for (let i = readings.length - 1; i >= 0; i--) {
      const value = pick(readings[i]!);
      if (value !== null) return value;
    }
    return null;
  };
  const jitters = readings.map((s) => s.jitterSeconds).filter((x) => Number.isFinite(x));
  return {
    fps: hasWindow ? perSecond(delta((s) => s.framesDecoded), windowMs) : null,
    framesDecoded: last?.framesDecoded ?? 0,
    width: lastKnown((s) => s.width),
    height: lastKnown((s) => s.height),
    bitrateKbps: hasWindow ? kbps(delta((s) => s.bytesReceived), windowMs) : null,
    packetsLost: delta((s) => s.packetsLost),
    jitterMs: jitters.length ? Math.max(...jitters) * 1000 : null,
    freezes: delta((s) => s.freezeCount),
    codec: lastKnown((s) => s.codec),
  };
}

/** video.fps: the lower of the two directions, null unless both were measured (a one-way call is a failure). */
export function lowestFps(a: VideoDirectionMetrics, b: VideoDirectionMetrics): number | null {
  return a.fps === null || b.fps === null ? null : Math.min(a.fps, b.fps);
}
