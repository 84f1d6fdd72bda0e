/**
 * Watching a call for a while: the one sampler `call`, `call-test` and the agent API share. One getStats()
 * reading a second, turned into a MediaSecond (media-series.ts) as it comes, and kept for the window's summary.
 */
import type { CandidatePairInfo, MediaStatsSample } from '../../protocol.js';
import type { AgentPage } from '../agent/agent-page.js';
import type { AudioDirectionMetrics, VideoDirectionMetrics } from './types.js';
import { summarizeAudioDirection } from './audio.js';
import { counterDelta, kbps, spanMs } from './rates.js';
import { summarizeVideoDirection } from './stats.js';
import { secondBetween, type MediaSecond } from './media-series.js';
import { AbortedError } from '../abort.js';

/**
 * Samples `page`'s call with `peer` every `intervalMs` for `durationMs` (or until aborted), calling
 * `onSecond` with each reading. Returns all samples, first (at the window start) to last.
 */
export async function watchMedia(
  page: AgentPage,
  peer: string | undefined,
  options: { durationMs: number; intervalMs?: number; signal?: AbortSignal; onSecond?: (second: MediaSecond) => void },
): Promise<MediaStatsSample[]> {
  const intervalMs = options.intervalMs ?? 1000;
  const samples: MediaStatsSample[] = [];
  const first = await page.sampleMedia(peer);
  if (!first) return samples;
  samples.push(first);
  const end = first.at + options.durationMs;
  while (!options.signal?.aborted) {
    const wait = Math.min(intervalMs, end - Date.now());
    if (wait <= 0) break;
    // One listener per wait, removed after it: left attached, they pile up on a long call's signal
    // (MaxListenersExceededWarning after 10 s).
    await new Promise<void>((resolve) => {
      const onAbort = () => { clearTimeout(timer); resolve(); };
      const timer = setTimeout(() => { options.signal?.removeEventListener('abort', onAbort); resolve(); }, wait);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    // Ctrl-C during a reading ends the window with the readings so far (the caller still reports them).
    const sample = await page.sampleMedia(peer).catch((error: unknown) => {
      if (error instanceof AbortedError) return null;
      throw error;
    });
    if (!sample) break;
    const previous = samples[samples.length - 1]!;
    samples.push(sample);
    options.onSecond?.(secondBetween(previous, sample, first.at));
  }
  return samples;
}

/** A watched window summed up: what we received, what we sent, over which candidate pair. */
export interface MediaWindowSummary {
  windowMs: number;
  received: VideoDirectionMetrics;
  /** Null when the call carried no audio. */
  receivedAudio: AudioDirectionMetrics | null;
  sentKbps: number | null;
  /** The codec this side sent with (the last reading that had one). */
  sentCodec: string | null;
  candidatePair: CandidatePairInfo | null;
}

/** The summary of the samples watchMedia returned (first to last). */
export function summarizeMediaWindow(samples: readonly MediaStatsSample[]): MediaWindowSummary {
  const windowMs = spanMs(samples.map((s) => s.at));
  const first = samples[0];
  const last = samples[samples.length - 1];
  const sentBytes = first?.outbound && last?.outbound ? counterDelta(first.outbound.bytesSent, last.outbound.bytesSent) : null;
  return {
    windowMs,
    received: summarizeVideoDirection(samples.map((s) => s.inbound), windowMs),
    receivedAudio: summarizeAudioDirection(samples.map((s) => s.inboundAudio ?? null), windowMs),
    sentKbps: sentBytes === null ? null : kbps(sentBytes, windowMs),
    sentCodec: [...samples].reverse().find((s) => s.outbound?.codec)?.outbound?.codec ?? null,
    candidatePair: last?.candidatePair ?? null,
  };
}
