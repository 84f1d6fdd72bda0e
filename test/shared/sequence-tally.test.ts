import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SequenceTally } from '../../src/protocol.js';
import { createSequenceTally } from '../../src/shared/sequence-tally.js';

type Receipt = number | [seq: number, crcOk: boolean];

function tallyOf(expected: number, receipts: Receipt[]): SequenceTally {
  const tally = createSequenceTally(expected);
  for (const r of receipts) {
    if (typeof r === 'number') tally.record(r, true);
    else tally.record(r[0], r[1]);
  }
  return tally.snapshot();
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const none = { duplicated: 0, reordered: 0, corrupted: 0 };

describe('createSequenceTally', () => {
  it.each<[string, number, Receipt[], Omit<SequenceTally, 'expected'>]>([
    ['nothing arrived', 5, [], { delivered: 0, lost: 5, ...none }],
    ['everything in order', 5, range(5), { delivered: 5, lost: 0, ...none }],
    ['nothing expected, nothing arrived', 0, [], { delivered: 0, lost: 0, ...none }],
    ['the tail is lost', 5, [0, 1, 2], { delivered: 3, lost: 2, ...none }],
    ['a gap is lost, not reordered', 5, [0, 1, 3, 4], { delivered: 4, lost: 1, ...none }],
    ['one late message counts once', 5, [0, 2, 3, 4, 1], { delivered: 5, lost: 0, duplicated: 0, reordered: 1, corrupted: 0 }],
    ['a swapped pair', 4, [0, 2, 1, 3], { delivered: 4, lost: 0, duplicated: 0, reordered: 1, corrupted: 0 }],
    ['fully reversed', 4, [3, 2, 1, 0], { delivered: 4, lost: 0, duplicated: 0, reordered: 3, corrupted: 0 }],
    ['the first message last', 4, [1, 2, 3, 0], { delivered: 4, lost: 0, duplicated: 0, reordered: 1, corrupted: 0 }],
    ['an immediate duplicate', 3, [0, 1, 1, 2], { delivered: 3, lost: 0, duplicated: 1, reordered: 0, corrupted: 0 }],
    ['a late duplicate is a duplicate, not reordered', 3, [0, 1, 2, 0], { delivered: 3, lost: 0, duplicated: 1, reordered: 0, corrupted: 0 }],
    ['three copies are two duplicates', 2, [0, 0, 0, 1], { delivered: 2, lost: 0, duplicated: 2, reordered: 0, corrupted: 0 }],
    ['a bad checksum is corrupted and not delivered', 3, [0, [1, false], 2], { delivered: 2, lost: 1, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['a corrupted copy then a good one delivers', 3, [0, [1, false], 1, 2], { delivered: 3, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['a corrupted high seq does not make later ones reordered', 3, [0, [2, false], 1, 2], { delivered: 3, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['a good copy then a corrupted one', 2, [0, [0, false], 1], { delivered: 2, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['seq = expected is out of range', 3, [0, 1, 2, 3], { delivered: 3, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['a negative seq is out of range', 3, [-1, 0, 1, 2], { delivered: 3, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['a fractional seq is corrupted', 3, [0, 0.5, 1, 2], { delivered: 3, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['NaN is corrupted', 3, [Number.NaN, 0, 1, 2], { delivered: 3, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['a far out-of-range seq does not mark later ones reordered', 3, [0, 1000, 1, 2], { delivered: 3, lost: 0, duplicated: 0, reordered: 0, corrupted: 1 }],
    ['everything corrupted', 2, [[0, false], [1, false]], { delivered: 0, lost: 2, duplicated: 0, reordered: 0, corrupted: 2 }],
    [
      'a mixed bag',
      6,
      [0, 2, 1, 1, [3, false], 5, 4, 7, 5],
      { delivered: 5, lost: 1, duplicated: 2, reordered: 2, corrupted: 2 },
    ],
  ])('%s', (_name, expected, receipts, counts) => {
    expect(tallyOf(expected, receipts)).toEqual({ expected, ...counts });
  });

  it('snapshots are independent copies taken at that moment', () => {
    const tally = createSequenceTally(3);
    tally.record(0, true);
    const early = tally.snapshot();
    tally.record(1, true);
    expect(early.delivered).toBe(1);
    expect(tally.snapshot().delivered).toBe(2);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects expected = %s', (expected) => {
    expect(() => createSequenceTally(expected)).toThrow(RangeError);
  });

  it('keeps its invariants for any sequence of receipts', () => {
    const receipt = fc.tuple(fc.integer({ min: -3, max: 23 }), fc.boolean());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.array(receipt, { maxLength: 60 }), (expected, receipts) => {
        const t = tallyOf(expected, receipts);
        expect(t.delivered + t.lost).toBe(expected);
        expect(t.delivered + t.duplicated + t.corrupted).toBe(receipts.length);
        expect(t.reordered).toBeLessThanOrEqual(t.delivered);
        const validSeqs = new Set(receipts.filter(([s, ok]) => ok && s >= 0 && s < expected).map(([s]) => s));
        expect(t.delivered).toBe(validSeqs.size);
      }),
    );
  });

  it('never reports reordering for any in-order subsequence (losses only)', () => {
    fc.assert(
      fc.property(fc.subarray(range(30)), (seqs) => {
        const t = tallyOf(30, seqs);
        expect(t).toEqual({ expected: 30, delivered: seqs.length, lost: 30 - seqs.length, ...none });
      }),
    );
  });
});
