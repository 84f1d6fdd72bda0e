/**
 * Turns whatever a PeerJS peer sent into something Node can print and serialise as JSON.
 * PeerJS's binary serialization delivers strings, numbers, objects, arrays, ArrayBuffers (typed arrays arrive
 * as ArrayBuffer or as the view type), Blobs when the sender's browser made them, and Dates as what binarypack
 * makes of them. Everything is described, nothing throws, and nothing larger than `maxBytes` leaves the page:
 * a bigger value is described by its size and a short prefix (page.exposeFunction copies every byte through
 * the DevTools protocol, several times over).
 */
import type { MessageDescription } from '../protocol.js';
import { DEFAULT_MAX_MESSAGE_BYTES, OVERSIZE_PREFIX_CHARS } from '../shared/receive-bounds.js';

const PREVIEW_BYTES = 16;
const TEXT_PREVIEW_CHARS = 2000;

/** UTF-8 length without allocating the encoding (a 16 MiB string would be copied just to be counted). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

function oversize(kind: MessageDescription['kind'], text: string, bytes: number): MessageDescription {
  return { kind, text: text.slice(0, OVERSIZE_PREFIX_CHARS), value: null, bytes, truncated: true };
}

export async function describeValue(data: unknown, maxBytes: number = DEFAULT_MAX_MESSAGE_BYTES): Promise<MessageDescription> {
  if (typeof data === 'string') {
    const bytes = utf8Length(data);
    if (bytes > maxBytes) return oversize('string', data, bytes);
    return { kind: 'string', text: data, value: data, bytes };
  }
  if (typeof data === 'number' || typeof data === 'boolean') {
    return { kind: typeof data as 'number' | 'boolean', text: String(data), value: Number.isFinite(data) || typeof data === 'boolean' ? data : String(data), bytes: String(data).length };
  }
  if (typeof data === 'bigint') {
    const text = data.toString();
    if (text.length > maxBytes) return oversize('bigint', text, text.length);
    return { kind: 'bigint', text: `${text}n`, value: text, bytes: text.length };
  }
  if (data === null) return { kind: 'null', text: 'null', value: null, bytes: 4 };
  if (data === undefined) return { kind: 'undefined', text: 'undefined', value: null, bytes: 0 };
  if (data instanceof Date) {
    const iso = Number.isNaN(data.getTime()) ? 'Invalid Date' : data.toISOString();
    return { kind: 'date', text: iso, value: iso, bytes: iso.length };
  }
  if (data instanceof ArrayBuffer) return describeBinary(new Uint8Array(data, 0, Math.min(PREVIEW_BYTES, data.byteLength)), data.byteLength, 'ArrayBuffer');
  if (ArrayBuffer.isView(data)) {
    return describeBinary(new Uint8Array(data.buffer, data.byteOffset, Math.min(PREVIEW_BYTES, data.byteLength)), data.byteLength, data.constructor.name);
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    // Only the preview is read: a Blob can be as large as the sender likes.
    const head = new Uint8Array(await data.slice(0, PREVIEW_BYTES).arrayBuffer());
    const described = describeBinary(head, data.size, 'Blob');
    return { ...described, kind: 'blob', text: `${described.text}${data.type ? ` ${data.type}` : ''}` };
  }
  try {
    const json = JSON.stringify(data, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof ArrayBuffer ? { bytes: v.byteLength } : v));
    const kind = Array.isArray(data) ? 'array' : 'object';
    const bytes = utf8Length(json);
    if (bytes > maxBytes) return oversize(kind, json, bytes);
    const text = json.length > TEXT_PREVIEW_CHARS ? `${json.slice(0, TEXT_PREVIEW_CHARS)}… (${json.length} characters)` : json;
    return { kind, text, value: JSON.parse(json) as unknown, bytes };
  } catch {
    const text = Object.prototype.toString.call(data);
    return { kind: 'other', text, value: text, bytes: 0 };
  }
}

/** `head` holds at most the first PREVIEW_BYTES bytes of a value `byteLength` long. */
function describeBinary(head: Uint8Array, byteLength: number, type: string): MessageDescription {
  const hex = Array.from(head.subarray(0, PREVIEW_BYTES), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const more = byteLength > PREVIEW_BYTES ? ' …' : '';
  return {
    kind: 'binary',
    type,
    text: `<${type} ${byteLength} bytes${byteLength ? `: ${hex}${more}` : ''}>`,
    value: { type, bytes: byteLength, hex: hex.replace(/ /g, '') },
    bytes: byteLength,
  };
}
