/**
 * The phase timeline: milliseconds from the start of the call-test to each phase, as it happens, and where
 * the harness's wall time went according to it.
 */
import type { HarnessTimings, PhaseName, TimelineEntry } from './result.js';

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

/**
 * Splits the wall time into the harness's own costs (server, browser, pages, teardown) and WebRTC's
 * (signaling, data, media, hang-up), so a user can tell a slow harness from a slow network.
 */
export function harnessTimings(timeline: Timeline): HarnessTimings {
  const at = (phase: PhaseName) => timeline.at(phase);
  const span = (from: number | null, to: number | null) => (from !== null && to !== null ? Math.max(0, to - from) : null);
  const lastOf = (...phases: PhaseName[]) => {
    const times = phases.map(at).filter((t): t is number => t !== null);
    return times.length ? Math.max(...times) : null;
  };
  const signalingDone = lastOf('receiver-open', 'sender-open');
  const mediaStart = at('data-check-done') ?? signalingDone;
  const mediaEnd = at('media-window-done');
  const lastWork = lastOf('hangup-detected', 'media-window-done', 'data-check-done', 'sender-open', 'receiver-open', 'pages-ready');
  return {
    serverMs: at('server-listening'),
    browserLaunchMs: at('browser-launched'),
    pagesMs: span(lastOf('browser-launched', 'server-listening'), at('pages-ready')),
    signalingMs: span(at('pages-ready'), signalingDone),
    dataMs: span(signalingDone, at('data-check-done')),
    mediaMs: span(mediaStart, mediaEnd),
    hangupMs: span(at('hangup-started'), at('hangup-detected')),
    teardownMs: span(lastWork, at('teardown-done')),
    totalMs: at('teardown-done'),
  };
}
