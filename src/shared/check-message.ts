/**
 * The wire format of call-test data-check messages, shared by the agent page (which sends and tallies them)
 * and Node (tests, docs). Only Uint8Array/DataView here: the page bundle has no Node APIs.
 *
 * Binary form (serializations `binary` and `raw`), 16-byte header then the payload, integers big-endian:
 *
 *   offset 0  4 bytes  magic 'RTCD'
 *   offset 4  u32      sequence number
 *   offset 8  u32      CRC-32 (IEEE) of the payload
 *   offset 12 u32      payload length
 *   offset 16 …        payload
 *
 * JSON form (serialization `json`): PeerJS JSON.stringifies what is sent, and a Uint8Array would arrive as
 * `{"0":…,"1":…}`, so the payload travels base64-encoded: `{ rtcdemoCheck: seq, crc, data }`. Such a message
 * is larger on the wire than `--size`: 4·⌈size/3⌉ bytes of base64 plus about 40 bytes of JSON around it.
 *
 * The CRC covers the payload only; the seq is protected by the transport (SCTP's own CRC32c). What the CRC
 * catches is the serialization layer mangling bytes, which is what the check is about.
 */
import { crc32 } from './crc32.js';

export const CHECK_HEADER_BYTES = 16;
const MAGIC_BYTES = [0x52, 0x54, 0x43, 0x44]; // 'R' 'T' 'C' 'D'
const U32_MAX = 0xffffffff;

export interface DecodedCheckMessage {
  seq: number;
  /** false when the payload's CRC-32 differs from the header's, or the length does not match. */
  crcOk: boolean;
  /** Payload bytes actually received (not the header's claim). */
  payloadLength: number;
}

export interface CheckMessageJson {
  rtcdemoCheck: number;
  crc: number;
  /** The payload, base64 (RFC 4648 §4, with padding). */
  data: string;
}

function assertSeq(seq: number): void {
  if (!Number.isInteger(seq) || seq < 0 || seq > U32_MAX) throw new RangeError(`check message seq must be a u32, got ${seq}`);
}

export function encodeCheckMessage(seq: number, payload: Uint8Array): Uint8Array {
  assertSeq(seq);
  const bytes = new Uint8Array(CHECK_HEADER_BYTES + payload.length);
  bytes.set(MAGIC_BYTES, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, seq);
  view.setUint32(8, crc32(payload));
  view.setUint32(12, payload.length);
  bytes.set(payload, CHECK_HEADER_BYTES);
  return bytes;
}

/**
 * Accepts whatever PeerJS hands the receiver: a Uint8Array, an ArrayBuffer (binarypack and `raw` deliver
 * those) or any other typed-array view. Returns null for anything that is not a check message (a string, a
 * control object, a buffer without the magic), so the receiver can route every message through here.
 */
export function decodeCheckMessage(value: unknown): DecodedCheckMessage | null {
  const bytes = asBytes(value);
  if (!bytes || bytes.length < CHECK_HEADER_BYTES) return null;
  for (let i = 0; i < MAGIC_BYTES.length; i++) if (bytes[i] !== MAGIC_BYTES[i]) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seq = view.getUint32(4);
  const crc = view.getUint32(8);
  const declaredLength = view.getUint32(12);
  const payload = bytes.subarray(CHECK_HEADER_BYTES);
  // A truncated or padded message is a check message that arrived damaged, not some other message.
  const crcOk = declaredLength === payload.length && crc32(payload) === crc;
  return { seq, crcOk, payloadLength: payload.length };
}

function asBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

export function encodeCheckMessageJson(seq: number, payload: Uint8Array): CheckMessageJson {
  assertSeq(seq);
  return { rtcdemoCheck: seq, crc: crc32(payload), data: encodeBase64(payload) };
}

/**
 * The JSON-form counterpart of decodeCheckMessage. An object with a numeric `rtcdemoCheck` is a check
 * message; anything wrong inside it (bad base64, missing crc, non-integer seq) makes it a corrupted one.
 */
export function decodeCheckMessageJson(value: unknown): DecodedCheckMessage | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const seq = record.rtcdemoCheck;
  if (typeof seq !== 'number' || !Number.isFinite(seq)) return null;
  const payload = typeof record.data === 'string' ? decodeBase64(record.data) : null;
  const crcOk = payload !== null && Number.isInteger(seq) && typeof record.crc === 'number' && crc32(payload) === record.crc;
  return { seq, crcOk, payloadLength: payload?.length ?? 0 };
}

/**
 * `size` bytes that depend only on `seq`, so a receiver could regenerate them, and so that two messages never
 * share content (a serializer that reused a buffer would then fail the CRC). mulberry32, seeded from seq:
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function makeCheckPayload(seq: number, size: number): Uint8Array {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`check payload size must be a whole number ≥ 0, got ${size}`);
  const bytes = new Uint8Array(size);
  // The golden-ratio multiply spreads consecutive seqs over the whole state space.
  let state = Math.imul(seq + 1, 0x9e3779b1) >>> 0;
  for (let i = 0; i < size; i += 4) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    t = (t ^ (t >>> 14)) >>> 0;
    for (let k = 0; k < 4 && i + k < size; k++) bytes[i + k] = (t >>> (8 * k)) & 0xff;
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// Base64 by hand: btoa/atob work on "binary strings", and atob also accepts whitespace and missing padding,
// which would let a mangled message pass as a well-formed one.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const REVERSE = new Map<string, number>([...ALPHABET].map((ch, i) => [ch, i]));

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const n = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += ALPHABET[(n >>> 18) & 63]! + ALPHABET[(n >>> 12) & 63]!;
    out += b1 === undefined ? '=' : ALPHABET[(n >>> 6) & 63]!;
    out += b2 === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/** null for anything that is not padded standard base64 (RFC 4648 §4). */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = text[i + k]!;
      const isPad = ch === '=' && last && k >= 4 - padding;
      const v = isPad ? 0 : REVERSE.get(ch);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    out[o++] = (n >>> 16) & 0xff;
    if (o < out.length) out[o++] = (n >>> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}
