/**
 * The accounting a call-test receiver runs as numbered check messages arrive (shared: it runs in the agent
 * page, and Node tests it). The sender sends seqs 0 … expected−1 once each, in order, over a reliable ordered
 * PeerJS connection, so on a healthy run everything is delivered and every other counter is 0.
 *
 * Each receipt falls into exactly one bucket, checked in this order:
 *  - corrupted: the checksum is bad, or the seq is not a whole number in [0, expected). A corrupted receipt
 *    says nothing trustworthy about its seq, so it neither delivers that seq nor moves the highest seq seen.
 *  - duplicated: the seq was already delivered (counted here, not as reordered, even if it is also late).
 *  - reordered: a first receipt whose seq is lower than the highest seq delivered before it. It is still
 *    delivered; each such message counts once, so a single late message is 1, not "everything after it".
 *  - otherwise: in order.
 * delivered = distinct valid seqs received (reordered ones included); lost = expected − delivered.
 */
import type { SequenceTally } from '../protocol.js';

export interface SequenceTallyRecorder {
  record(seq: number, crcOk: boolean): void;
  snapshot(): SequenceTally;
}

export function createSequenceTally(expected: number): SequenceTallyRecorder {
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected must be a whole number ≥ 0, got ${expected}`);
  // One byte per seq: --messages is bounded by the CLI, and a Set would cost ~40 bytes per entry instead.
  const seen = new Uint8Array(expected);
  let delivered = 0;
  let duplicated = 0;
  let reordered = 0;
  let corrupted = 0;
  let highest = -1;

  return {
    record(seq, crcOk) {
      if (!crcOk || !Number.isInteger(seq) || seq < 0 || seq >= expected) {
        corrupted++;
      } else if (seen[seq]) {
        duplicated++;
      } else {
        seen[seq] = 1;
        delivered++;
        if (seq < highest) reordered++;
        else highest = seq;
      }
    },
    snapshot() {
      return { expected, delivered, lost: expected - delivered, duplicated, reordered, corrupted };
    },
  };
}
