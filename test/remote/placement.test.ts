import { describe, expect, it } from 'vitest';
import { placePairs, type Placement } from '../../src/core/call-test/placement.js';

const shape = (pairs: number, browsers: number, placement: Placement) => placePairs(pairs, browsers, placement).map((p) => `${p.receiver}←${p.sender}`).join(' ');

describe('placePairs', () => {
  it.each<[number, number, Placement, string]>([
    [3, 1, 'split', '0←0 0←0 0←0'],
    [3, 1, 'round-robin', '0←0 0←0 0←0'],
    [4, 2, 'split', '0←1 0←1 0←1 0←1'],
    [4, 3, 'split', '0←2 1←2 0←2 1←2'],
    [4, 4, 'split', '0←2 1←3 0←2 1←3'],
    [3, 2, 'round-robin', '0←1 0←1 0←1'],
    [3, 3, 'round-robin', '0←1 2←0 1←2'],
    [3, 2, 'pair', '0←0 1←1 0←0'],
  ])('%i pairs over %i browsers, %s', (pairs, browsers, placement, expected) => {
    expect(shape(pairs, browsers, placement)).toBe(expected);
  });

  it('split and round-robin never put a pair in one browser when there are two or more', () => {
    for (const placement of ['split', 'round-robin'] as const) {
      for (let browsers = 2; browsers <= 6; browsers++) {
        for (const p of placePairs(12, browsers, placement)) expect(p.receiver).not.toBe(p.sender);
      }
    }
  });
});
