import { describe, expect, it } from 'vitest';
import { histogramOf, niceBinWidth } from '../../../../src/cli/render/html-report/histogram.js';
import { tickStep } from '../../../../src/cli/render/html-report/render-waterfall.js';

describe('niceBinWidth', () => {
  it.each([
    [10, 30, 0.5],
    [30, 30, 1],
    [31, 30, 2],
    [140, 30, 5],
    [0.3, 30, 0.01],
    [0, 30, 1],
    [Number.NaN, 30, 1],
  ])('span %s over at most %s bins → %s', (span, bins, width) => {
    expect(niceBinWidth(span, bins)).toBeCloseTo(width, 10);
  });
});

describe('histogramOf', () => {
  it('counts every finite sample once, at nice bin edges', () => {
    const h = histogramOf([0.42, 0.48, 0.51, 1.9, 3.04], 30)!;
    expect(h.binMs).toBe(0.1);
    expect(h.starts[0]).toBe(0.4);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.counts[0]).toBe(2);
    expect(h.starts.at(-1)).toBe(3);
    expect(h.counts.at(-1)).toBe(1);
  });

  it('puts identical samples in one bin', () => {
    expect(histogramOf([2, 2, 2])).toEqual({ starts: [2], counts: [3], binMs: 1, clipped: 0 });
  });

  it('ignores NaN, infinities and negatives, and is null when nothing is left', () => {
    expect(histogramOf([Number.NaN, Infinity, -1])).toBeNull();
    expect(histogramOf([])).toBeNull();
    expect(histogramOf([Number.NaN, 5])!.counts).toEqual([1]);
  });

  it('counts samples above clipAt in the last bin, so an outlier does not flatten the rest', () => {
    const samples = [...Array.from({ length: 99 }, (_, i) => 0.3 + (i % 10) * 0.05), 41];
    const h = histogramOf(samples, 30, 0.75)!;
    expect(h.binMs).toBe(0.02);
    expect(h.clipped).toBe(1);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(h.starts.at(-1)!).toBeLessThanOrEqual(0.75);
    expect(histogramOf(samples, 30, null)!.binMs).toBe(2);
  });

  it('ignores a clipAt outside the samples', () => {
    expect(histogramOf([1, 2, 3], 30, 10)!.clipped).toBe(0);
    expect(histogramOf([1, 2, 3], 30, 0.5)!.clipped).toBe(0);
  });

  it('never makes more bins than asked for', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => (i * 7.3) % 97);
    expect(histogramOf(samples, 20)!.counts.length).toBeLessThanOrEqual(21);
  });
});

describe('tickStep', () => {
  it.each([
    [8000, 1000],
    [6295, 1000],
    [900, 200],
    [40, 5],
  ])('%s ms span → a tick every %s ms', (span, step) => {
    expect(tickStep(span)).toBe(step);
  });
});
