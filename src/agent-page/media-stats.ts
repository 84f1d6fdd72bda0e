/**
 * One getStats() reading of a call, reduced to what rtcdemo reports: video in and out, audio in (when the
 * call carries audio), and the selected candidate pair. Counters are cumulative; Node turns them into rates.
 * Audio fields: https://www.w3.org/TR/webrtc-stats/#dom-rtcinboundrtpstreamstats (packetsLost, jitter,
 * audioLevel, totalAudioEnergy, totalSamplesDuration, concealedSamples, concealmentEvents).
 */
import type { CandidatePairInfo, MediaStatsSample } from '../protocol.js';
import { describeStatsPair } from './ice-watch.js';

type StatsRecord = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export async function statsOf(pc: RTCPeerConnection): Promise<MediaStatsSample> {
  const report = await pc.getStats();
  const byId = new Map<string, StatsRecord>();
  report.forEach((s: StatsRecord) => byId.set(s.id, s));
  let inbound: MediaStatsSample['inbound'] = null;
  let outbound: MediaStatsSample['outbound'] = null;
  let inboundAudio: MediaStatsSample['inboundAudio'] = null;
  let candidatePair: CandidatePairInfo | null = null;
  let availableOutgoingBitrate: number | null = null;
  for (const s of byId.values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      const codec = typeof s.codecId === 'string' ? byId.get(s.codecId) : undefined;
      inboundAudio = {
        bytesReceived: num(s.bytesReceived),
        packetsReceived: num(s.packetsReceived),
        packetsLost: num(s.packetsLost),
        jitterSeconds: num(s.jitter),
        audioLevel: numOrNull(s.audioLevel),
        totalAudioEnergy: num(s.totalAudioEnergy),
        totalSamplesDuration: num(s.totalSamplesDuration),
        totalSamplesReceived: num(s.totalSamplesReceived),
        concealedSamples: num(s.concealedSamples),
        concealmentEvents: num(s.concealmentEvents),
        codec: typeof codec?.mimeType === 'string' ? codec.mimeType : null,
      };
      continue;
    }
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      const codec = typeof s.codecId === 'string' ? byId.get(s.codecId) : undefined;
      inbound = {
        framesDecoded: num(s.framesDecoded),
        framesReceived: num(s.framesReceived),
        bytesReceived: num(s.bytesReceived),
        packetsReceived: num(s.packetsReceived),
        packetsLost: num(s.packetsLost),
        jitterSeconds: num(s.jitter),
        freezeCount: num(s.freezeCount),
        width: numOrNull(s.frameWidth),
        height: numOrNull(s.frameHeight),
        codec: typeof codec?.mimeType === 'string' ? codec.mimeType : null,
      };
    } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
      const codec = typeof s.codecId === 'string' ? byId.get(s.codecId) : undefined;
      outbound = {
        framesEncoded: num(s.framesEncoded),
        bytesSent: num(s.bytesSent),
        codec: typeof codec?.mimeType === 'string' ? codec.mimeType : null,
        width: numOrNull(s.frameWidth),
        height: numOrNull(s.frameHeight),
      };
    } else if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      candidatePair = describeStatsPair(byId, s.selectedCandidatePairId);
      // The congestion controller's estimate of what this side may send (https://w3c.github.io/webrtc-stats/#dom-rtcicecandidatepairstats-availableoutgoingbitrate).
      availableOutgoingBitrate = numOrNull(byId.get(s.selectedCandidatePairId)?.availableOutgoingBitrate);
    }
  }
  return { at: Date.now(), inbound, outbound, inboundAudio, candidatePair, availableOutgoingBitrate, iceState: pc.iceConnectionState, connectionState: pc.connectionState };
}
