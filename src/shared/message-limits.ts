/**
 * The largest single message each PeerJS serialization can carry, so options that could never be delivered
 * are refused before a run instead of failing it after a 30 s acknowledgement timeout (measured: call-test
 * --serialization json --size 20k, and --serialization raw --size 300k, both failed only after 30 s).
 * - json: PeerJS 1.5.5 refuses an encoded message of chunkedMTU (16300) bytes or more ("Message too big for
 *   JSON channel", https://github.com/peers/peerjs/blob/v1.5.5/lib/dataconnection/StreamConnection/Json.ts).
 * - raw: PeerJS does not chunk; Chromium's SCTP transport carries at most 256 KiB per message
 *   (RTCSctpTransport.maxMessageSize, https://www.w3.org/TR/webrtc/#dom-rtcsctptransport-maxmessagesize).
 * - binary: chunked by PeerJS, no limit that matters here.
 */
import type { Serialization } from '../protocol.js';
import { CHECK_HEADER_BYTES } from './check-message.js';

export const PEERJS_JSON_MAX_BYTES = 16300 - 1;
export const CHROMIUM_MAX_MESSAGE_BYTES = 256 * 1024;

/** Bytes a call-test check message of `size` payload bytes takes on the wire, at its largest (highest seq, any CRC). */
export function checkMessageWireBytes(size: number, serialization: Serialization, maxSeq: number): number {
  if (serialization !== 'json') return CHECK_HEADER_BYTES + size;
  // Same shape as encodeCheckMessageJson, with the widest numbers it can hold.
  const base64Chars = 4 * Math.ceil(size / 3);
  return JSON.stringify({ rtcdemoCheck: maxSeq, crc: 0xffffffff, data: '' }).length + base64Chars;
}

/** The byte limit of one message in `serialization`, or null when PeerJS chunks it. */
export function messageLimitBytes(serialization: Serialization): number | null {
  if (serialization === 'json') return PEERJS_JSON_MAX_BYTES;
  if (serialization === 'raw') return CHROMIUM_MAX_MESSAGE_BYTES;
  return null;
}

/** The largest --size whose check messages fit `serialization` (Infinity when it chunks). */
export function largestCheckSize(serialization: Serialization, maxSeq: number): number {
  const limit = messageLimitBytes(serialization);
  if (limit === null) return Infinity;
  let size = serialization === 'json' ? Math.floor(((limit - checkMessageWireBytes(0, 'json', maxSeq)) * 3) / 4) : limit - CHECK_HEADER_BYTES;
  while (checkMessageWireBytes(size + 1, serialization, maxSeq) <= limit) size += 1;
  while (size > 0 && checkMessageWireBytes(size, serialization, maxSeq) > limit) size -= 1;
  return size;
}

/** Bytes of a text message as `send` hands it to PeerJS in `serialization` (UTF-8; JSON adds quotes and escapes). */
export function textMessageWireBytes(text: string, serialization: Serialization): number {
  return new TextEncoder().encode(serialization === 'json' ? JSON.stringify(text) : text).byteLength;
}
