/** The phase timeline: milliseconds from the start of the call-test to each phase, as it happens. */
import type { PhaseName, TimelineEntry } from './result.js';

export interface Timeline {
  /** Records `phase` now, or at the epoch time `at` the page reported. Returns ms since start. */
  mark(phase: PhaseName, at?: number): number;
  /** Milliseconds since the start, now. */
  elapsed(): number;
  entries(): TimelineEntry[];
  at(phase: PhaseName): number | null;
}

export function createTimeline(onMark?: (entry: TimelineEntry) => void): Timeline {
  // Pages report epoch times (Date.now()); performance.timeOrigin lines both clocks up.
  const startEpoch = performance.timeOrigin + performance.now();
  const entries: TimelineEntry[] = [];
  return {
    mark(phase, at) {
      const atMs = Math.max(0, (at ?? performance.timeOrigin + performance.now()) - startEpoch);
      const entry = { phase, atMs };
      entries.push(entry);
      onMark?.(entry);
      return atMs;
    },
    elapsed: () => performance.timeOrigin + performance.now() - startEpoch,
    entries: () => [...entries].sort((a, b) => a.atMs - b.atMs),
    at: (phase) => entries.find((e) => e.phase === phase)?.atMs ?? null,
  };
}
