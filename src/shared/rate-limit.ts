/**
 * At most `max` items a second pass; the rest are counted and reported once the second is over, as one
 * `onDropped(count)` call. Pure apart from the clock and timer it is given, so it can be tested with a fake
 * clock; the agent page uses it to bound `--trace` records (TRACE_MAX_PER_SECOND).
 */
export interface RateLimitClock {
  /** Milliseconds, monotonic. */
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
}

export function rateLimited<T>(max: number, pass: (item: T) => void, onDropped: (count: number) => void, clock: RateLimitClock): (item: T) => void {
  let windowStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  let dropped = 0;
  let flushPending = false;
  const flush = () => {
    flushPending = false;
    if (dropped > 0) onDropped(dropped);
    dropped = 0;
  };
  return (item) => {
    const now = clock.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      count = 0;
    }
    if (count >= max) {
      dropped += 1;
      if (!flushPending) {
        flushPending = true;
        clock.setTimeout(flush, 1000 - (now - windowStart));
      }
      return;
    }
    count += 1;
    pass(item);
  };
}
