import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/shared/crc32.js';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('crc32', () => {
  it.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['abc', 0x352441c2],
    ['123456789', 0xcbf43926], // the CRC-32/ISO-HDLC check value
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j) = %i', (text, expected) => {
    expect(crc32(ascii(text))).toBe(expected);
  });

  it('returns an unsigned 32-bit integer', () => {
    const value = crc32(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    expect(value).toBe(0xffffffff);
    expect(value).toBeGreaterThanOrEqual(0);
  });

  it('agrees with zlib on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => crc32(bytes) === zlibCrc32(bytes)));
  });

  it('respects the view on a larger buffer', () => {
    const buffer = ascii('xx123456789yy');
    expect(crc32(buffer.subarray(2, 11))).toBe(0xcbf43926);
  });
});
