/**
 * The per-second view of a call, from the one-a-second getStats() readings that watchMedia takes
 * (media-window.ts): `call` reports one MediaSecond a second (the media-second event), `call-test` a
 * DirectionSecond series for each direction. Pure functions; the arithmetic is rates.ts's.
 *
 * - Rates (fps, kbps) are the increase of a cumulative counter over the interval between two readings,
 *   divided by that interval.
 * - packetsLost and freezes are the increase during the interval (counterDelta: never negative).
 * - jitter, RTT and the outgoing bitrate estimate are the reading at the end of the interval.
 */
import type { MediaStatsSample } from '../../protocol.js';
import { counterDelta, kbps, perSecond, spanMs } from './rates.js';

/** One second of one page's call. */
export interface MediaSecond {
  /** Seconds since the window's first reading, at the end of this interval. */
  t: number;
  /** Frames decoded per second. */
  fps: number | null;
  width: number | null;
  height: number | null;
  receivedKbps: number | null;
  sentKbps: number | null;
  /** RTP packets lost during the interval. */
  packetsLost: number;
  jitterMs: number | null;
  /** Freezes that began during the interval. */
  freezes: number;
  /** The selected candidate pair's current round-trip time (STUN consent checks). */
  rttMs: number | null;
  /** This page's congestion-control estimate of what it may send (selected pair's availableOutgoingBitrate). */
  availableOutgoingKbps: number | null;
}

/** One second of one direction of a call-test: what the receiving page decoded, what the sending page estimated. */
export interface DirectionSecond {
  t: number;
  fps: number | null;
  /** Received bitrate, as the receiving page counted bytes. */
  bitrateKbps: number | null;
  packetsLost: number;
  jitterMs: number | null;
  freezes: number;
  /** The sending page's candidate-pair RTT. */
  rttMs: number | null;
  /** The sending page's estimate of its available outgoing bitrate. */
  availableOutgoingKbps: number | null;
}

export function secondBetween(previous: MediaStatsSample, current: MediaStatsSample, startedAt: number): MediaSecond {
  const ms = spanMs([previous.at, current.at]);
  const grew = (a: number | undefined, b: number | undefined, rate: (delta: number, ms: number) => number | null) =>
    a !== undefined && b !== undefined ? rate(counterDelta(a, b), ms) : null;
  const increase = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? counterDelta(a, b) : 0);
  const jitter = current.inbound?.jitterSeconds;
  return {
    t: (current.at - startedAt) / 1000,
    fps: grew(previous.inbound?.framesDecoded, current.inbound?.framesDecoded, perSecond),
    width: current.inbound?.width ?? null,
    height: current.inbound?.height ?? null,
    receivedKbps: grew(previous.inbound?.bytesReceived, current.inbound?.bytesReceived, kbps),
    sentKbps: grew(previous.outbound?.bytesSent, current.outbound?.bytesSent, kbps),
    packetsLost: increase(previous.inbound?.packetsLost, current.inbound?.packetsLost),
    jitterMs: jitter === undefined || !Number.isFinite(jitter) ? null : jitter * 1000,
    freezes: increase(previous.inbound?.freezeCount, current.inbound?.freezeCount),
    rttMs: current.candidatePair?.currentRoundTripTimeMs ?? null,
    availableOutgoingKbps: current.availableOutgoingBitrate === null || current.availableOutgoingBitrate === undefined ? null : current.availableOutgoingBitrate / 1000,
  };
}

/** Every interval between consecutive readings, timed from the first. */
export function secondsOf(samples: MediaStatsSample[]): MediaSecond[] {
  const first = samples[0];
  if (!first) return [];
  return samples.slice(1).map((sample, i) => secondBetween(samples[i]!, sample, first.at));
}

/**
 * One direction of a call: the receiving page's seconds, each joined with the sending page's second nearest
 * in time (the two pages sample on their own clocks, started together; more than half a second apart is no
 * match, and the sender's figures are then null).
 */
export function directionSeries(receiving: MediaSecond[], sending: MediaSecond[]): DirectionSecond[] {
  return receiving.map((r) => {
    let nearest: MediaSecond | undefined;
    for (const s of sending) if (Math.abs(s.t - r.t) <= 0.5 && (!nearest || Math.abs(s.t - r.t) < Math.abs(nearest.t - r.t))) nearest = s;
    return {
      t: r.t,
      fps: r.fps,
      bitrateKbps: r.receivedKbps,
      packetsLost: r.packetsLost,
      jitterMs: r.jitterMs,
      freezes: r.freezes,
      rttMs: nearest?.rttMs ?? null,
      availableOutgoingKbps: nearest?.availableOutgoingKbps ?? null,
    };
  });
}
