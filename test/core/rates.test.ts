import { describe, expect, it } from 'vitest';
import { counterDelta, kbps, perSecond, spanMs } from '../../src/core/metrics/rates.js';

describe('spanMs', () => {
  it.each<[number[], number]>([
    [[], 0],
    [[5], 0],
    [[1000, 1500, 3000], 2000],
  ])('%j → %d', (times, span) => expect(spanMs(times)).toBe(span));
});

describe('counterDelta', () => {
  it.each<[number, number, number]>([
    [10, 25, 15],
    [25, 10, 0], // a counter that restarted (new SSRC) never counts negative
    [7, 7, 0],
  ])('%d → %d grew %d', (before, after, delta) => expect(counterDelta(before, after)).toBe(delta));
});

describe('perSecond and kbps', () => {
  it.each<[number, number, number | null, number | null]>([
    [30, 1000, 30, 0.24],
    [150, 5000, 30, 0.24],
    [1000, 0, null, null],
    [1000, -5, null, null],
    [1000, Number.NaN, null, null],
  ])('%d over %d ms', (count, ms, rate, kbit) => {
    expect(perSecond(count, ms)).toBe(rate);
    expect(kbps(count, ms)).toBe(kbit);
  });
});
