import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECK_HEADER_BYTES,
  decodeBase64,
  decodeCheckMessage,
  decodeCheckMessageJson,
  encodeBase64,
  encodeCheckMessage,
  encodeCheckMessageJson,
  makeCheckPayload,
} from '../../src/shared/check-message.js';
import { crc32 } from '../../src/shared/crc32.js';

describe('binary check messages', () => {
  it('lays out magic, seq, crc and length big-endian before the payload', () => {
    const payload = new Uint8Array([1, 2, 3]);
    const bytes = encodeCheckMessage(0x01020304, payload);
    expect(bytes.length).toBe(CHECK_HEADER_BYTES + 3);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RTCD');
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(4)).toBe(0x01020304);
    expect(view.getUint32(8)).toBe(crc32(payload));
    expect(view.getUint32(12)).toBe(3);
    expect([...bytes.subarray(16)]).toEqual([1, 2, 3]);
  });

  it('round-trips any seq and payload', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 512 }), (seq, payload) => {
        const decoded = decodeCheckMessage(encodeCheckMessage(seq, payload));
        expect(decoded).toEqual({ seq, crcOk: true, payloadLength: payload.length });
      }),
    );
  });

  it('accepts what PeerJS delivers: ArrayBuffer, other views, views at an offset', () => {
    const bytes = encodeCheckMessage(7, makeCheckPayload(7, 64));
    const expected = { seq: 7, crcOk: true, payloadLength: 64 };
    expect(decodeCheckMessage(bytes.slice().buffer)).toEqual(expected);
    expect(decodeCheckMessage(new DataView(bytes.buffer))).toEqual(expected);
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    expect(decodeCheckMessage(padded.subarray(5, 5 + bytes.length))).toEqual(expected);
  });

  it('flags any flipped payload byte as a bad checksum', () => {
    const bytes = encodeCheckMessage(3, makeCheckPayload(3, 32));
    for (let i = CHECK_HEADER_BYTES; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i]! ^= 0x01;
      expect(decodeCheckMessage(damaged)).toEqual({ seq: 3, crcOk: false, payloadLength: 32 });
    }
  });

  it.each([
    ['truncated', (b: Uint8Array) => b.slice(0, b.length - 1), 31],
    ['padded', (b: Uint8Array) => Uint8Array.from([...b, 0]), 33],
  ])('treats a %s message as a damaged check message', (_name, damage, payloadLength) => {
    const decoded = decodeCheckMessage(damage(encodeCheckMessage(9, makeCheckPayload(9, 32))));
    expect(decoded).toEqual({ seq: 9, crcOk: false, payloadLength });
  });

  it.each<[string, unknown]>([
    ['a string', 'hello'],
    ['an object', { rtcdemo: 'ack' }],
    ['null', null],
    ['a number', 42],
    ['a short buffer', new Uint8Array([0x52, 0x54, 0x43, 0x44])],
    ['a bulk chunk (RTCB)', Uint8Array.from([0x52, 0x54, 0x43, 0x42, ...new Uint8Array(20)])],
    ['zeros', new Uint8Array(64)],
  ])('returns null for %s', (_name, value) => {
    expect(decodeCheckMessage(value)).toBeNull();
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN])('rejects seq %s when encoding', (seq) => {
    expect(() => encodeCheckMessage(seq, new Uint8Array())).toThrow(RangeError);
  });
});

describe('JSON check messages', () => {
  it('survives JSON.stringify/parse, as PeerJS json serialization does', () => {
    fc.assert(
      fc.property(fc.nat(), fc.uint8Array({ maxLength: 300 }), (seq, payload) => {
        const wire = JSON.parse(JSON.stringify(encodeCheckMessageJson(seq, payload))) as unknown;
        expect(decodeCheckMessageJson(wire)).toEqual({ seq, crcOk: true, payloadLength: payload.length });
      }),
    );
  });

  it('carries the payload as base64 with the crc of the raw bytes', () => {
    const payload = new TextEncoder().encode('hello');
    expect(encodeCheckMessageJson(4, payload)).toEqual({ rtcdemoCheck: 4, crc: crc32(payload), data: 'aGVsbG8=' });
  });

  const good = encodeCheckMessageJson(5, makeCheckPayload(5, 10));
  it.each<[string, unknown]>([
    ['a changed payload', { ...good, data: encodeBase64(makeCheckPayload(6, 10)) }],
    ['a wrong crc', { ...good, crc: good.crc ^ 1 }],
    ['a missing crc', { rtcdemoCheck: 5, data: good.data }],
    ['data that is not base64', { ...good, data: 'not base64!' }],
    ['data that is not a string', { ...good, data: [1, 2, 3] }],
    ['a fractional seq', { ...good, rtcdemoCheck: 5.5 }],
  ])('reports %s as a bad checksum', (_name, value) => {
    expect(decodeCheckMessageJson(value)).toMatchObject({ crcOk: false });
  });

  it.each<[string, unknown]>([
    ['a string', 'RTCD'],
    ['a control message', { rtcdemo: 'check-ack', seq: 1 }],
    ['a bulk chunk', { rtcdemoBulk: 0, data: 'xxx' }],
    ['an array', [1, 2]],
    ['a non-numeric seq', { rtcdemoCheck: '5', crc: 0, data: '' }],
    ['null', null],
  ])('returns null for %s', (_name, value) => {
    expect(decodeCheckMessageJson(value)).toBeNull();
  });
});

describe('makeCheckPayload', () => {
  it('is deterministic and exactly `size` bytes', () => {
    for (const size of [0, 1, 3, 4, 5, 64, 1000]) {
      const a = makeCheckPayload(12, size);
      expect(a.length).toBe(size);
      expect([...a]).toEqual([...makeCheckPayload(12, size)]);
    }
  });

  it('differs between neighbouring seqs, including 0 and 1', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) seen.add(encodeBase64(makeCheckPayload(seq, 16)));
    expect(seen.size).toBe(200);
  });

  it('is not trivially constant within a payload', () => {
    expect(new Set(makeCheckPayload(0, 256)).size).toBeGreaterThan(100);
  });

  it('rejects a negative or fractional size', () => {
    expect(() => makeCheckPayload(0, -1)).toThrow(RangeError);
    expect(() => makeCheckPayload(0, 1.5)).toThrow(RangeError);
  });
});

describe('base64', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 test vector %j ↔ %j', (text, encoded) => {
    const bytes = new TextEncoder().encode(text);
    expect(encodeBase64(bytes)).toBe(encoded);
    expect(new TextDecoder().decode(decodeBase64(encoded)!)).toBe(text);
  });

  it('matches Buffer on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const encoded = encodeBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect([...decodeBase64(encoded)!]).toEqual([...bytes]);
      }),
    );
  });

  it.each(['Zg', 'Zg=', 'Z===', '====', 'Zm9v\n', 'Zm 9', 'Zg==Zg==', 'Zm-v', 'Zm_v'])('rejects %j', (text) => {
    expect(decodeBase64(text)).toBeNull();
  });
});
