/**
 * The RTT histogram of the data check: round trips binned at a "nice" width (1, 2 or 5 × 10^k ms) so the
 * axis reads 0.5, 1.0, 1.5 ms rather than 0.437, 0.874. Pure.
 */
export interface Histogram {
  /** Lower edge of each bin, ms. */
  starts: number[];
  counts: number[];
  binMs: number;
  /** Samples above `clipAt` counted in the last bin (0 when nothing was clipped). */
  clipped: number;
}

const MAX_BINS = 30;

/** A bin width from {1, 2, 5} × 10^k giving at most `maxBins` bins over `span`. */
export function niceBinWidth(span: number, maxBins = MAX_BINS): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / maxBins;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= raw) return step * magnitude;
  return 10 * magnitude;
}

/**
 * null when there is no finite sample. `clipAt` (e.g. the p99): samples above it go into the last bin, so
 * one 40 ms outlier does not squeeze a thousand sub-millisecond round trips into a single bar.
 */
export function histogramOf(samples: readonly number[], maxBins = MAX_BINS, clipAt: number | null = null): Histogram | null {
  const values = samples.filter((x) => Number.isFinite(x) && x >= 0);
  if (values.length === 0) return null;
  let min = Infinity;
  let top = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > top) top = v;
  }
  const max = clipAt !== null && clipAt >= min && clipAt < top ? clipAt : top;
  const clipped = values.filter((v) => v > max).length;
  const binMs = niceBinWidth(max - min, maxBins);
  const start = Math.floor(min / binMs) * binMs;
  const bins = Math.max(1, Math.floor((max - start) / binMs) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - start) / binMs))]! += 1;
  // Rounded so 0.1 + 0.2 style drift never shows on the axis.
  const starts = counts.map((_, i) => Number((start + i * binMs).toPrecision(12)));
  return { starts, counts, binMs, clipped };
}
