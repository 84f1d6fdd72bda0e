/** The token bucket behind --max-rate, and how limits get their defaults. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits, TokenBucket } from '../../src/server/limits.js';

function clock() {
  let now = 1000;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

describe('TokenBucket', () => {
  it('allows a full burst at once, then refuses', () => {
    const t = clock();
    const bucket = new TokenBucket(10, 5, t.now);
    expect(Array.from({ length: 5 }, () => bucket.take())).toEqual([true, true, true, true, true]);
    expect(bucket.take()).toBe(false);
  });

  it('refills at the rate, never beyond the burst', () => {
    const t = clock();
    const bucket = new TokenBucket(10, 5, t.now);
    for (let i = 0; i < 5; i++) bucket.take();
    t.advance(100); // 10/s → one token per 100 ms
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    t.advance(60_000);
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });

  it('sustains exactly the rate over time', () => {
    const t = clock();
    const bucket = new TokenBucket(200, 400, t.now);
    let accepted = 0;
    for (let ms = 0; ms < 10_000; ms++) {
      t.advance(1);
      for (let i = 0; i < 5; i++) if (bucket.take()) accepted += 1; // 5,000/s offered
    }
    expect(accepted).toBeGreaterThanOrEqual(400 + 200 * 10 - 1);
    expect(accepted).toBeLessThanOrEqual(400 + 200 * 10 + 1);
  });

  it('mints nothing when the clock steps back', () => {
    const t = clock();
    const bucket = new TokenBucket(10, 1, t.now);
    expect(bucket.take()).toBe(true);
    t.advance(-5000);
    expect(bucket.take()).toBe(false);
  });
});

describe('resolveLimits', () => {
  it('fills in the documented defaults', () => {
    expect(resolveLimits()).toEqual({
      maxPayloadBytes: 16 * 1024 * 1024,
      maxQueuedPerPeer: 1000,
      maxQueuedTotal: 10_000,
      maxQueuedBytes: 16 * 1024 * 1024,
      maxMessagesPerSecond: 1000,
      maxBurst: 10_000,
      maxConnectionsPerIp: 10_000,
      maxPeers: 20_000,
      maxBufferedBytesPerPeer: 32 * 1024 * 1024,
      maxPendingSocketsPerIp: 256,
    });
    expect(resolveLimits({ maxPeers: undefined })).toEqual({ ...DEFAULT_LIMITS });
  });

  it('lets the burst follow a given rate unless the burst is given too', () => {
    expect(resolveLimits({ maxMessagesPerSecond: 50 }).maxBurst).toBe(500);
    expect(resolveLimits({ maxMessagesPerSecond: 50, maxBurst: 7 }).maxBurst).toBe(7);
  });

  it('keeps the send buffer bound at least twice the payload bound, so one large message never looks stalled', () => {
    expect(resolveLimits({ maxPayloadBytes: 64 * 1024 * 1024 }).maxBufferedBytesPerPeer).toBe(128 * 1024 * 1024);
    expect(resolveLimits({ maxPayloadBytes: 1024 }).maxBufferedBytesPerPeer).toBe(32 * 1024 * 1024);
  });

  it('refuses limits that would refuse everything', () => {
    expect(() => resolveLimits({ maxPeers: 0 })).toThrow(RangeError);
    expect(() => resolveLimits({ maxPayloadBytes: Number.NaN })).toThrow('maxPayloadBytes');
  });
});
