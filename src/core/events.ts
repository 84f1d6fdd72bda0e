/**
 * The one event family every command reports progress with: `receive`, `send`, `call` and `call-test`
 * all take an `onEvent(event: RtcdemoEvent)` and never hand the CLI a sentence. The CLI renders these
 * (src/cli/render/), a library user can log, count or assert on them.
 *
 * To add a variant, add one entry to RtcdemoEventMap: its key becomes the event's `type`, its value the
 * fields besides `type` and `at`. Renderers switch on `type` and ignore types they don't know, so a new
 * variant never breaks an old consumer.
 */
import type { AgentEvent, TraceRecord, VideoSnapshot } from '../protocol.js';
import type { PhaseName } from './call-test/result.js';
import type { MediaSecond } from './metrics/media-series.js';
import type { SnapshotMoment } from './snapshots.js';

export interface RtcdemoEventMap {
  /** Anything an agent page reported (messages, connections, calls, ICE state, signaling loss, page logs). */
  agent: { agent: string; event: AgentEvent };
  /** The agent's peer is registered with the signaling server as `id`. */
  'peer-registered': { agent: string; id: string; openMs: number };
  /** A call placed by `agent` to `to` carries video: camera, remote stream and first frame timings. */
  'call-connected': { agent: string; to: string; getUserMediaMs: number; callToStreamMs: number; callToFirstFrameMs: number };
  /** One reading a second while a call is watched (fps, resolution, kbps, loss, jitter, RTT, bandwidth estimate). */
  'media-second': { agent: string; peer: string; reading: MediaSecond };
  /**
   * --trace: a signaling message the agent's page sent or received, or a state change of one of its
   * connections (docs/trace.md). Only when the command was asked to trace.
   */
  trace: { agent: string; record: TraceRecord };
  /** A call-test phase was reached, `atMs` after the run started. */
  phase: { phase: PhaseName; atMs: number };
  /** call-test --network: a step of the lab's life, and how long it took. */
  'network-lab': { step: 'swept' | 'lab-ready' | 'turn-ready' | 'lab-removed'; ms: number; detail: string | null };
  /** Every round trip of the data check, as `agent` (the sender) measured them to `peer`, in send order (for histograms). */
  'data-check-rtt': { agent: string; peer: string; samplesMs: number[] };
  /** A still of `peer`'s camera as `agent` decoded it (only when snapshots were asked for); null with `error` when none could be taken. */
  'video-snapshot': { agent: string; peer: string; moment: SnapshotMoment; snapshot: VideoSnapshot | null; error: string | null };
}

export type RtcdemoEventType = keyof RtcdemoEventMap;

/** `at` is the wall-clock time (epoch ms, Date.now()) the event happened. */
export type RtcdemoEvent = { [K in RtcdemoEventType]: { type: K; at: number } & RtcdemoEventMap[K] }[RtcdemoEventType];

export type RtcdemoEventOf<K extends RtcdemoEventType> = Extract<RtcdemoEvent, { type: K }>;

export type RtcdemoEventListener = (event: RtcdemoEvent) => void;

/** Builds an event stamped now (or at `at`, a time the page reported). */
export function rtcdemoEvent<K extends RtcdemoEventType>(type: K, fields: RtcdemoEventMap[K], at: number = Date.now()): RtcdemoEventOf<K> {
  return { type, at, ...fields } as unknown as RtcdemoEventOf<K>;
}
