/**
 * Which browser each page of call-test's pairs opens in, when there are several (`--connect` repeated).
 * Pure: a table test covers it (test/call-test/placement.test.ts).
 *  - split (default): receivers on the first half of the browsers (rounded up), senders on the rest, so
 *    every call's media crosses from one browser (host) to another;
 *  - round-robin: the pages in order (receiver 1, sender 1, receiver 2, …) dealt over the browsers;
 *    with two browsers that is split, with three each browser holds both roles;
 *  - pair: both pages of a pair in one browser, pairs dealt over the browsers (no media between hosts:
 *    what each host holds on its own).
 */
export const PLACEMENTS = ['split', 'round-robin', 'pair'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** 0-based browser indexes for one pair. */
export interface PairPlacement {
  receiver: number;
  sender: number;
}

export function placePairs(pairs: number, browsers: number, placement: Placement): PairPlacement[] {
  if (browsers < 1) throw new RangeError('no browser to place pages in');
  return Array.from({ length: pairs }, (_, i): PairPlacement => {
    if (browsers === 1) return { receiver: 0, sender: 0 };
    switch (placement) {
      case 'split': {
        const receivers = Math.ceil(browsers / 2);
        return { receiver: i % receivers, sender: receivers + (i % (browsers - receivers)) };
      }
      case 'round-robin':
        return { receiver: (2 * i) % browsers, sender: (2 * i + 1) % browsers };
      case 'pair':
        return { receiver: i % browsers, sender: i % browsers };
    }
  });
}
