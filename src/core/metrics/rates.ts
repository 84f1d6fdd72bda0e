/**
 * The one home of window-and-rate arithmetic: how long a window of readings spans, how much a cumulative
 * counter grew over it, and what that is per second or in kbit/s. Every rate rtcdemo reports (per-second
 * progress, call summary, call-test metrics) goes through these.
 */

/** Milliseconds from the first to the last time; 0 with fewer than two. */
export function spanMs(times: readonly number[]): number {
  return times.length >= 2 ? times[times.length - 1]! - times[0]! : 0;
}

/**
 * How much a cumulative counter grew from `before` to `after`. A counter that went backwards (a new SSRC
 * after renegotiation restarts it; packetsLost may drop when late duplicates arrive, RFC 3550 §6.4.1)
 * counts as 0, never negative.
 */
export function counterDelta(before: number, after: number): number {
  return Math.max(0, after - before);
}

/** `count` per second over `ms`; null unless the window is a positive, finite length. */
export function perSecond(count: number, ms: number): number | null {
  return ms > 0 && Number.isFinite(ms) ? (count * 1000) / ms : null;
}

/** Bytes over `ms` in kbit/s (bits per ms, k = 1000); null unless the window is a positive, finite length. */
export function kbps(bytes: number, ms: number): number | null {
  return ms > 0 && Number.isFinite(ms) ? (bytes * 8) / ms : null;
}
