import { describe, expect, it } from 'vitest';
import type { MediaStatsSample } from '../../src/protocol.js';
import { lowestFps, percentile, summarizeRtt, summarizeVideoDirection, throughputMBps } from '../../src/core/metrics/stats.js';

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
  it.each<[number[], number, number | null]>([
    [[], 50, null],
    [[7], 0, 7],
    [[7], 50, 7],
    [[7], 100, 7],
    [oneToTen, 0, 1],
    [oneToTen, 10, 1],
    [oneToTen, 11, 2],
    [oneToTen, 50, 5],
    [oneToTen, 51, 6],
    [oneToTen, 90, 9],
    [oneToTen, 95, 10],
    [oneToTen, 100, 10],
    [hundred, 50, 50],
    [hundred, 95, 95],
    [hundred, 99, 99],
    [hundred, 99.5, 100],
    [[15, 20, 35, 40, 50], 30, 20], // Wikipedia's nearest-rank example
    [[15, 20, 35, 40, 50], 40, 20],
    [[15, 20, 35, 40, 50], 50, 35],
    [[15, 20, 35, 40, 50], 100, 50],
    [[3, 1, 2], 50, 2], // unsorted input
    [[5, 5, 5, 1], 50, 5],
    [[1, Number.NaN, 3, Number.POSITIVE_INFINITY], 100, 3], // non-finite ignored
    [[Number.NaN], 50, null],
  ])('percentile(%j, %d) = %s', (samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected);
  });

  it('returns an actual sample, never an interpolated value', () => {
    expect(percentile([1, 100], 50)).toBe(1);
    expect(percentile([1, 100], 51)).toBe(100);
  });

  it('does not reorder the caller\'s array', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it.each([-1, 101, Number.NaN])('rejects p = %s', (p) => {
    expect(() => percentile([1], p)).toThrow(RangeError);
  });
});

describe('summarizeRtt', () => {
  it('summarizes samples', () => {
    expect(summarizeRtt(hundred)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5, samples: 100 });
  });

  it('is all null with no samples', () => {
    expect(summarizeRtt([])).toEqual({ p50: null, p95: null, p99: null, max: null, mean: null, samples: 0 });
  });

  it('counts only finite samples', () => {
    expect(summarizeRtt([2, Number.NaN, 4])).toEqual({ p50: 2, p95: 4, p99: 4, max: 4, mean: 3, samples: 2 });
  });

  it('handles one sample', () => {
    expect(summarizeRtt([1.25])).toEqual({ p50: 1.25, p95: 1.25, p99: 1.25, max: 1.25, mean: 1.25, samples: 1 });
  });
});

describe('throughputMBps (MB = 10^6 bytes)', () => {
  it.each<[number, number | null, number | null]>([
    [1_000_000, 1000, 1],
    [4 * 1024 * 1024, 1000, 4.194304],
    [10_000_000, 500, 20],
    [0, 100, 0],
    [1_000_000, 0, null],
    [1_000_000, -5, null],
    [1_000_000, null, null],
    [1_000_000, Number.NaN, null],
    [1_000_000, Number.POSITIVE_INFINITY, null],
    [-1, 100, null],
  ])('%d bytes in %s ms → %s MB/s', (bytes, ms, expected) => {
    const value = throughputMBps(bytes, ms);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 9);
  });
});

type Inbound = NonNullable<MediaStatsSample['inbound']>;
function inbound(overrides: Partial<Inbound> = {}): Inbound {
  return {
    framesDecoded: 0,
    framesReceived: 0,
    bytesReceived: 0,
    packetsReceived: 0,
    packetsLost: 0,
    jitterSeconds: 0,
    freezeCount: 0,
    width: 640,
    height: 480,
    codec: 'video/VP8',
    ...overrides,
  };
}

describe('summarizeVideoDirection', () => {
  const start = inbound({ framesDecoded: 10, bytesReceived: 50_000, packetsLost: 2, jitterSeconds: 0.002, freezeCount: 1 });
  const end = inbound({ framesDecoded: 160, bytesReceived: 1_300_000, packetsLost: 5, jitterSeconds: 0.004, freezeCount: 1, width: 1280, height: 720, codec: 'video/H264' });

  it('derives rates and deltas over the window', () => {
    expect(summarizeVideoDirection([start, inbound({ jitterSeconds: 0.009, framesDecoded: 80 }), end], 5000)).toEqual({
      fps: 30,
      framesDecoded: 160,
      width: 1280,
      height: 720,
      bitrateKbps: 2000, // 1,250,000 bytes · 8 / 5000 ms
      packetsLost: 3,
      jitterMs: 9, // the worst reading, not the last
      freezes: 0,
      codec: 'video/H264',
    });
  });

  it('skips readings taken before the track had stats', () => {
    const summary = summarizeVideoDirection([null, start, null, end], 5000);
    expect(summary.fps).toBe(30);
    expect(summary.framesDecoded).toBe(160);
  });

  it('has no rates without readings', () => {
    expect(summarizeVideoDirection([], 5000)).toEqual({
      fps: null, framesDecoded: 0, width: null, height: null, bitrateKbps: null, packetsLost: 0, jitterMs: null, freezes: 0, codec: null,
    });
    expect(summarizeVideoDirection([null, null], 5000).fps).toBeNull();
  });

  it('has no rates with a single reading, but reports what it shows', () => {
    const summary = summarizeVideoDirection([end], 5000);
    expect(summary).toMatchObject({ fps: null, bitrateKbps: null, framesDecoded: 160, packetsLost: 0, freezes: 0, width: 1280, jitterMs: 4 });
  });

  it.each([0, -1, Number.NaN])('has no rates for a window of %s ms', (windowMs) => {
    const summary = summarizeVideoDirection([start, end], windowMs);
    expect(summary.fps).toBeNull();
    expect(summary.bitrateKbps).toBeNull();
    expect(summary.packetsLost).toBe(3);
  });

  it('counts counters that went backwards (a new SSRC) as no change', () => {
    const restarted = inbound({ framesDecoded: 3, bytesReceived: 1000, packetsLost: 0, freezeCount: 0 });
    expect(summarizeVideoDirection([end, restarted], 1000)).toMatchObject({ fps: 0, bitrateKbps: 0, packetsLost: 0, freezes: 0, framesDecoded: 3 });
  });

  it('counts new freezes', () => {
    expect(summarizeVideoDirection([start, { ...end, freezeCount: 4 }], 5000).freezes).toBe(3);
  });

  it('keeps the last known resolution and codec when later readings lack them', () => {
    const blank = inbound({ framesDecoded: 200, width: null, height: null, codec: null });
    expect(summarizeVideoDirection([end, blank], 1000)).toMatchObject({ width: 1280, height: 720, codec: 'video/H264' });
  });
});

describe('lowestFps', () => {
  const d = (fps: number | null) => ({ ...summarizeVideoDirection([], 1), fps });
  it.each<[number | null, number | null, number | null]>([
    [30, 25, 25],
    [12, 29, 12],
    [30, null, null],
    [null, 30, null],
    [0, 30, 0],
  ])('min(%s, %s) = %s', (a, b, expected) => {
    expect(lowestFps(d(a), d(b))).toBe(expected);
  });
});
