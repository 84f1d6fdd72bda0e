/**
 * The phase timeline as a waterfall: each stage of a call-test as a bar from where it began to where it
 * ended, both read from the timeline's phase marks. A stage whose end was never reached (a failed run) is
 * kept with `endMs: null`, so the reader sees where the run stopped. Pure.
 */
import type { PhaseName, TimelineEntry } from '../../../core/call-test/result.js';

export interface WaterfallRow {
  label: string;
  /** What the bar means, for its tooltip. */
  detail: string;
  startMs: number | null;
  endMs: number | null;
  group: 'harness' | 'signaling' | 'data' | 'media' | 'hangup';
}

interface Stage {
  label: string;
  detail: string;
  from: PhaseName[] | 'start';
  to: PhaseName;
  group: WaterfallRow['group'];
}

const STAGES: Stage[] = [
  { label: 'signaling server', detail: 'start → server-listening', from: 'start', to: 'server-listening', group: 'harness' },
  { label: 'browser launch', detail: 'start → browser-launched', from: 'start', to: 'browser-launched', group: 'harness' },
  { label: 'agent pages', detail: 'browser-launched / server-listening → pages-ready', from: ['browser-launched', 'server-listening'], to: 'pages-ready', group: 'harness' },
  { label: 'receiver registers', detail: 'pages-ready → receiver-open (server OPEN)', from: ['pages-ready'], to: 'receiver-open', group: 'signaling' },
  { label: 'sender registers', detail: 'pages-ready → sender-open (server OPEN)', from: ['pages-ready'], to: 'sender-open', group: 'signaling' },
  { label: 'data connection', detail: 'both open → data-connection-open (ICE, DTLS, SCTP)', from: ['receiver-open', 'sender-open'], to: 'data-connection-open', group: 'data' },
  { label: 'first message', detail: 'data-connection-open → first-message-acknowledged', from: ['data-connection-open'], to: 'first-message-acknowledged', group: 'data' },
  { label: 'data check', detail: 'data-connection-open → data-check-done (messages and bulk)', from: ['data-connection-open'], to: 'data-check-done', group: 'data' },
  { label: 'cameras', detail: 'pages-ready → camera-ready (getUserMedia, both sides)', from: ['pages-ready'], to: 'camera-ready', group: 'media' },
  { label: 'call → remote stream', detail: 'call-placed → remote-stream', from: ['call-placed'], to: 'remote-stream', group: 'media' },
  { label: 'first frame', detail: 'remote-stream → first-frame (decoded both ways)', from: ['remote-stream'], to: 'first-frame', group: 'media' },
  { label: 'media window', detail: 'first-frame → media-window-done (fps, bitrate)', from: ['first-frame'], to: 'media-window-done', group: 'media' },
  { label: 'hang-up noticed', detail: 'hangup-started → hangup-detected', from: ['hangup-started'], to: 'hangup-detected', group: 'hangup' },
  { label: 'teardown', detail: 'last step → teardown-done', from: ['hangup-detected', 'media-window-done', 'data-check-done', 'sender-open', 'receiver-open', 'pages-ready'], to: 'teardown-done', group: 'harness' },
];

/** `externalServer`: call-test used --server, so it started none (no server stage). */
export function waterfallRows(timeline: readonly TimelineEntry[], options: { externalServer?: boolean } = {}): WaterfallRow[] {
  const at = (phase: PhaseName) => timeline.find((e) => e.phase === phase)?.atMs ?? null;
  const stages = options.externalServer ? STAGES.filter((s) => s.to !== 'server-listening') : STAGES;
  return stages.map((stage) => {
    let startMs: number | null;
    if (stage.from === 'start') startMs = 0;
    else {
      const known = stage.from.map(at).filter((t): t is number => t !== null);
      // Teardown starts after the last step that happened; the others after all their preconditions.
      startMs = known.length === 0 ? null : stage.label === 'teardown' ? Math.max(...known) : known.length === stage.from.length ? Math.max(...known) : null;
    }
    const endMs = startMs === null ? null : at(stage.to);
    return { label: stage.label, detail: stage.detail, startMs, endMs: endMs === null ? null : Math.max(endMs, startMs!), group: stage.group };
  }).filter((row) => row.startMs !== null);
}
