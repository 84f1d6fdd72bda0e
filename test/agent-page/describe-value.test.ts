/** The agent page's message descriptions, in Node: nothing over the bound leaves the page whole. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeValue, utf8Length } from '../../src/agent-page/describe-value.js';
import { DEFAULT_MAX_MESSAGE_BYTES, OVERSIZE_PREFIX_CHARS, refuseAboveBytes } from '../../src/shared/receive-bounds.js';

describe('utf8Length', () => {
  it('equals the length of the UTF-8 encoding, for any string (lone surrogates become U+FFFD, 3 bytes)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => utf8Length(text) === Buffer.byteLength(text, 'utf8')));
  });
});

describe('describeValue with a bound', () => {
  it.each<[string, unknown, number, number]>([
    ['a string', 'x'.repeat(2000), 1000, 2000],
    ['a string in bytes, not characters', 'é'.repeat(600), 1000, 1200],
    ['an object, by its JSON', { text: 'y'.repeat(2000) }, 1000, 2011],
    ['an array, by its JSON', Array.from({ length: 500 }, (_, i) => i), 1000, 1891],
  ])('describes %s over the bound by size and prefix only', async (_name, value, max, bytes) => {
    const d = await describeValue(value, max);
    expect(d).toMatchObject({ bytes, value: null, truncated: true });
    expect(d.text.length).toBeLessThanOrEqual(OVERSIZE_PREFIX_CHARS);
  });

  it.each<[string, unknown]>([
    ['a string', 'x'.repeat(1000)],
    ['an object', { a: 'b' }],
    ['null', null],
  ])('gives %s at or under the bound whole', async (_name, value) => {
    const d = await describeValue(value, 1000);
    expect(d.truncated).toBeUndefined();
    expect(d.value).toEqual(value);
  });

  it('describes binary of any size by length and a 16-byte preview', async () => {
    const d = await describeValue(new Uint8Array(5_000_000).fill(0xab), 1000);
    expect(d).toMatchObject({ kind: 'binary', bytes: 5_000_000, value: { type: 'Uint8Array', bytes: 5_000_000, hex: 'ab'.repeat(16) } });
  });

  it('reads only the preview of a Blob', async () => {
    const d = await describeValue(new Blob([new Uint8Array(3_000_000)], { type: 'application/octet-stream' }), 1000);
    expect(d).toMatchObject({ kind: 'blob', bytes: 3_000_000, value: { hex: '00'.repeat(16) } });
  });
});

describe('refuseAboveBytes', () => {
  it.each([
    [1, 16 * 1024 * 1024],
    [DEFAULT_MAX_MESSAGE_BYTES, 16 * 1024 * 1024],
    [8 * 1024 * 1024, 32 * 1024 * 1024],
  ])('--max-message-bytes %i refuses above %i', (max, refused) => {
    expect(refuseAboveBytes(max)).toBe(refused);
  });
});
