/**
 * One direction of audio over a window, from the receiving side's inbound-rtp (kind audio) readings.
 * - packetsReceived, packetsLost, concealedSamples, concealmentEvents: the increase over the window.
 * - audioLevel: the RMS level over the window, sqrt(ΔtotalAudioEnergy / ΔtotalSamplesDuration), as the
 *   spec defines it (https://www.w3.org/TR/webrtc-stats/#dom-rtcinboundrtpstreamstats-totalaudioenergy);
 *   Chromium's fake microphone beeps, so a working call shows a level above 0.
 * - concealedPercent: Δ concealedSamples / Δ totalSamplesReceived × 100.
 * - jitterMs: the largest jitter seen; codec: the last reading that had one.
 * Null when no reading had audio (the call carried none).
 */
import type { MediaStatsSample } from '../../protocol.js';
import type { AudioDirectionMetrics } from './types.js';
import { counterDelta, kbps } from './rates.js';

type AudioSample = NonNullable<MediaStatsSample['inboundAudio']>;

export function summarizeAudioDirection(samples: ReadonlyArray<MediaStatsSample['inboundAudio']>, windowMs: number): AudioDirectionMetrics | null {
  const readings = samples.filter((s): s is AudioSample => s !== null);
  const first = readings[0];
  const last = readings[readings.length - 1];
  if (!first || !last) return null;
  const delta = (pick: (s: AudioSample) => number) => counterDelta(pick(first), pick(last));
  const twoReadings = readings.length >= 2;
  const energy = delta((s) => s.totalAudioEnergy);
  const duration = delta((s) => s.totalSamplesDuration);
  const samplesReceived = delta((s) => s.totalSamplesReceived);
  const concealed = delta((s) => s.concealedSamples);
  const jitters = readings.map((s) => s.jitterSeconds).filter((x) => Number.isFinite(x));
  const codec = [...readings].reverse().find((s) => s.codec !== null)?.codec ?? null;
  return {
    bitrateKbps: twoReadings ? kbps(delta((s) => s.bytesReceived), windowMs) : null,
    packetsReceived: delta((s) => s.packetsReceived),
    packetsLost: delta((s) => s.packetsLost),
    jitterMs: jitters.length ? Math.max(...jitters) * 1000 : null,
    audioLevel: duration > 0 ? Math.sqrt(energy / duration) : null,
    concealedSamples: concealed,
    concealmentEvents: delta((s) => s.concealmentEvents),
    concealedPercent: samplesReceived > 0 ? (concealed / samplesReceived) * 100 : null,
    codec,
  };
}
