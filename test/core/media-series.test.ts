import { describe, expect, it } from 'vitest';
import { directionSeries, secondBetween, secondsOf, type MediaSecond } from '../../src/core/metrics/media-series.js';
import type { MediaStatsSample } from '../../src/protocol.js';

type Inbound = NonNullable<MediaStatsSample['inbound']>;
type Outbound = NonNullable<MediaStatsSample['outbound']>;

function sample(
  at: number,
  inbound: Partial<Inbound> | null,
  outbound: Partial<Outbound> | null = null,
  extra: { rttMs?: number; availableOutgoingBitrate?: number } = {},
): MediaStatsSample {
  return {
    at,
    inbound: inbound && {
      framesDecoded: 0,
      framesReceived: 0,
      bytesReceived: 0,
      packetsReceived: 0,
      packetsLost: 0,
      jitterSeconds: 0,
      freezeCount: 0,
      width: null,
      height: null,
      codec: null,
      ...inbound,
    },
    outbound: outbound && { framesEncoded: 0, bytesSent: 0, codec: null, width: null, height: null, ...outbound },
    candidatePair: extra.rttMs === undefined ? null : { local: { type: 'host', protocol: 'udp', address: null }, remote: { type: 'host', protocol: 'udp', address: null }, currentRoundTripTimeMs: extra.rttMs },
    availableOutgoingBitrate: extra.availableOutgoingBitrate ?? null,
    iceState: null,
    connectionState: null,
  };
}

describe('secondBetween', () => {
  it('turns cumulative counters one second apart into fps and kbps', () => {
    const previous = sample(11_000, { framesDecoded: 100, bytesReceived: 250_000 }, { bytesSent: 1_000_000 });
    const previous2 = { ...previous, inbound: { ...previous.inbound!, packetsLost: 3, freezeCount: 1 } };
    const current = sample(
      12_000,
      { framesDecoded: 130, bytesReceived: 375_000, width: 640, height: 480, packetsLost: 7, jitterSeconds: 0.0042, freezeCount: 2 },
      { bytesSent: 1_062_500 },
      { rttMs: 12.5, availableOutgoingBitrate: 2_500_000 },
    );
    expect(secondBetween(previous2, current, 10_000)).toEqual({
      t: 2,
      fps: 30,
      width: 640,
      height: 480,
      receivedKbps: 1000, // 125 000 bytes × 8 bits in 1 s = 1 000 000 bit/s
      sentKbps: 500,
      packetsLost: 4, // lost during this second, not since the call began
      jitterMs: 4.2,
      freezes: 1,
      rttMs: 12.5,
      availableOutgoingKbps: 2500,
    });
  });

  it('divides by the real interval, not by one second', () => {
    const reading = secondBetween(sample(0, { framesDecoded: 0, bytesReceived: 0 }), sample(500, { framesDecoded: 15, bytesReceived: 6250 }), 0);
    expect(reading.t).toBe(0.5);
    expect(reading.fps).toBe(30);
    expect(reading.receivedKbps).toBe(100);
  });

  it('never reports a negative rate or loss when a counter goes backwards (a new inbound stream)', () => {
    const reading = secondBetween(sample(0, { framesDecoded: 500, bytesReceived: 9000, packetsLost: 9, freezeCount: 3 }), sample(1000, { framesDecoded: 10, bytesReceived: 100 }), 0);
    expect(reading.fps).toBe(0);
    expect(reading.receivedKbps).toBe(0);
    expect(reading.packetsLost).toBe(0);
    expect(reading.freezes).toBe(0);
  });

  it('gives null rates, not zeros, when a side has no stats yet', () => {
    const reading = secondBetween(sample(0, null), sample(1000, { framesDecoded: 30 }), 0);
    expect(reading.fps).toBeNull();
    expect(reading.receivedKbps).toBeNull();
    expect(reading.sentKbps).toBeNull();
    expect(reading.width).toBeNull();
    expect(reading.height).toBeNull();
    expect(reading.packetsLost).toBe(0);
    expect(reading.rttMs).toBeNull();
    expect(reading.availableOutgoingKbps).toBeNull();
  });

  it.each([0, -1000])('gives null rates when the interval is %d ms', (delta) => {
    const reading = secondBetween(sample(5000, { framesDecoded: 1 }, { bytesSent: 1 }), sample(5000 + delta, { framesDecoded: 31 }, { bytesSent: 99 }), 0);
    expect(reading.fps).toBeNull();
    expect(reading.receivedKbps).toBeNull();
    expect(reading.sentKbps).toBeNull();
  });
});

describe('secondsOf', () => {
  it('gives one second per interval, timed from the first reading', () => {
    const samples = [0, 1000, 2010, 3000].map((at, i) => sample(50_000 + at, { framesDecoded: 30 * i }));
    const seconds = secondsOf(samples);
    expect(seconds.map((s) => s.t)).toEqual([1, 2.01, 3]);
    expect(seconds.map((s) => Math.round(s.fps!))).toEqual([30, 30, 30]);
  });

  it.each([[[]], [[sample(0, null)]]])('is empty with fewer than two readings (%#)', (samples) => {
    expect(secondsOf(samples)).toEqual([]);
  });
});

describe('directionSeries', () => {
  const second = (t: number, over: Partial<MediaSecond> = {}): MediaSecond => ({
    t, fps: 30, width: 640, height: 480, receivedKbps: 500, sentKbps: 480, packetsLost: 0, jitterMs: 2, freezes: 0, rttMs: 1, availableOutgoingKbps: 2000, ...over,
  });

  it("joins the receiving page's frames and bytes with the sending page's RTT and estimate", () => {
    const receiving = [second(1.004, { fps: 29, receivedKbps: 450, packetsLost: 2, jitterMs: 5, freezes: 1, rttMs: 99, availableOutgoingKbps: 99 })];
    const sending = [second(0.2, { rttMs: 7 }), second(1.01, { rttMs: 3, availableOutgoingKbps: 1200 }), second(2.0, { rttMs: 8 })];
    expect(directionSeries(receiving, sending)).toEqual([
      { t: 1.004, fps: 29, bitrateKbps: 450, packetsLost: 2, jitterMs: 5, freezes: 1, rttMs: 3, availableOutgoingKbps: 1200 },
    ]);
  });

  it("leaves the sender's figures null when its nearest second is more than half a second away", () => {
    const [entry] = directionSeries([second(3)], [second(1), second(2.4)]);
    expect(entry).toMatchObject({ t: 3, fps: 30, rttMs: null, availableOutgoingKbps: null });
  });

  it('has one entry per receiving second, whatever the sender sampled', () => {
    expect(directionSeries([second(1), second(2), second(3)], [])).toHaveLength(3);
    expect(directionSeries([], [second(1)])).toEqual([]);
  });
});
