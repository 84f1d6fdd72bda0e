import { describe, expect, it } from 'vitest';
import { ratesBetween } from '../../src/core/metrics/media-window.js';
import type { MediaStatsSample } from '../../src/protocol.js';

type Inbound = NonNullable<MediaStatsSample['inbound']>;
type Outbound = NonNullable<MediaStatsSample['outbound']>;

function sample(at: number, inbound: Partial<Inbound> | null, outbound: Partial<Outbound> | null = null): MediaStatsSample {
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
    outbound: outbound && { framesEncoded: 0, bytesSent: 0, width: null, height: null, ...outbound },
    candidatePair: null,
    iceState: null,
    connectionState: null,
  };
}

describe('ratesBetween', () => {
  it('turns cumulative counters one second apart into fps and kbps', () => {
    const previous = sample(11_000, { framesDecoded: 100, bytesReceived: 250_000 }, { bytesSent: 1_000_000 });
    const current = sample(12_000, { framesDecoded: 130, bytesReceived: 375_000, width: 640, height: 480, packetsLost: 7 }, { bytesSent: 1_062_500 });
    expect(ratesBetween(previous, current, 10_000)).toEqual({
      t: 2,
      fps: 30,
      width: 640,
      height: 480,
      receivedKbps: 1000, // 125 000 bytes × 8 bits in 1 s = 1 000 000 bit/s
      sentKbps: 500,
      packetsLost: 7,
    });
  });

  it('divides by the real interval, not by one second', () => {
    const reading = ratesBetween(sample(0, { framesDecoded: 0, bytesReceived: 0 }), sample(500, { framesDecoded: 15, bytesReceived: 6250 }), 0);
    expect(reading.t).toBe(0.5);
    expect(reading.fps).toBe(30);
    expect(reading.receivedKbps).toBe(100);
  });

  it('never reports a negative rate when a counter goes backwards (a new inbound stream)', () => {
    const reading = ratesBetween(sample(0, { framesDecoded: 500, bytesReceived: 9000 }), sample(1000, { framesDecoded: 10, bytesReceived: 100 }), 0);
    expect(reading.fps).toBe(0);
    expect(reading.receivedKbps).toBe(0);
  });

  it('gives null rates, not zeros, when a side has no stats yet', () => {
    const reading = ratesBetween(sample(0, null), sample(1000, { framesDecoded: 30 }), 0);
    expect(reading.fps).toBeNull();
    expect(reading.receivedKbps).toBeNull();
    expect(reading.sentKbps).toBeNull();
    expect(reading.width).toBeNull();
    expect(reading.height).toBeNull();
    expect(reading.packetsLost).toBe(0);
  });

  it.each([0, -1000])('gives null rates when the interval is %d ms', (delta) => {
    const reading = ratesBetween(sample(5000, { framesDecoded: 1 }, { bytesSent: 1 }), sample(5000 + delta, { framesDecoded: 31 }, { bytesSent: 99 }), 0);
    expect(reading.fps).toBeNull();
    expect(reading.receivedKbps).toBeNull();
    expect(reading.sentKbps).toBeNull();
  });
});
