import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCheckMessage, encodeCheckMessageJson } from '../../src/shared/check-message.js';
import { checkMessageWireBytes, largestCheckSize, messageLimitBytes, textMessageWireBytes } from '../../src/shared/message-limits.js';

describe('checkMessageWireBytes', () => {
  it('is never less than the real encoded message (json: JSON text of encodeCheckMessageJson; binary/raw: the bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat({ max: 999_999 }), (payload, seq) => {
        const json = new TextEncoder().encode(JSON.stringify(encodeCheckMessageJson(seq, payload))).byteLength;
        expect(checkMessageWireBytes(payload.length, 'json', seq)).toBeGreaterThanOrEqual(json);
        expect(checkMessageWireBytes(payload.length, 'binary', seq)).toBe(encodeCheckMessage(seq, payload).byteLength);
      }),
      { seed: 9, numRuns: 200 },
    );
  });
});

describe('largestCheckSize', () => {
  it.each([['json', 99, 12_189], ['json', 999_999, 12_186], ['raw', 99, 262_128]] as const)('%s with %i as the last seq: %i bytes', (serialization, maxSeq, size) => {
    const limit = messageLimitBytes(serialization)!;
    expect(largestCheckSize(serialization, maxSeq)).toBe(size);
    expect(checkMessageWireBytes(size, serialization, maxSeq)).toBeLessThanOrEqual(limit);
    expect(checkMessageWireBytes(size + 1, serialization, maxSeq)).toBeGreaterThan(limit);
  });

  it('binary is chunked by PeerJS: no limit', () => {
    expect(largestCheckSize('binary', 99)).toBe(Infinity);
  });
});

describe('textMessageWireBytes', () => {
  it.each([
    ['hi!', 'binary', 3],
    ['hi!', 'json', 5],
    ['é"', 'json', 6],
    ['é', 'raw', 2],
  ] as const)('%j as %s: %i bytes', (text, serialization, bytes) => {
    expect(textMessageWireBytes(text, serialization)).toBe(bytes);
  });
});
