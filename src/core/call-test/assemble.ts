/** The empty report a run fills in, and where the harness's wall time went, from the timeline. */
import type { CallTestMetrics, HarnessTimings, PhaseName, VideoDirectionMetrics } from './result.js';
import type { Serialization } from '../../protocol.js';
import type { Timeline } from './timeline.js';

function emptyDirection(): VideoDirectionMetrics {
  return { fps: null, framesDecoded: 0, width: null, height: null, bitrateKbps: null, packetsLost: 0, jitterMs: null, freezes: 0, codec: null };
}

export function emptyMetrics(options: { messages: number; size: number; serialization: Serialization; durationMs: number }): CallTestMetrics {
  return {
    signaling: { receiverOpenMs: null, senderOpenMs: null },
    data: {
      serialization: options.serialization,
      messageBytes: options.size,
      connectionOpenMs: null,
      sent: 0,
      delivered: 0,
      lost: options.messages,
      duplicated: 0,
      reordered: 0,
      corrupted: 0,
      rtt: { p50: null, p95: null, p99: null, max: null, mean: null, samples: 0 },
      bulk: { bytes: 0, ms: null, throughputMBps: null },
    },
    video: {
      getUserMediaMs: null,
      callToStreamMs: null,
      firstFrameMs: null,
      windowMs: 0,
      fps: null,
      toReceiver: emptyDirection(),
      toSender: emptyDirection(),
      candidatePair: null,
    },
    hangup: { detectMs: null, detectedBy: null },
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
