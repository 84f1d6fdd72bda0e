/**
 * Turns whatever a PeerJS peer sent into something Node can print and serialise as JSON.
 * PeerJS's binary serialization delivers strings, numbers, objects, arrays, ArrayBuffers (typed arrays arrive
 * as ArrayBuffer or as the view type), Blobs when the sender's browser made them, and Dates as what binarypack
 * makes of them. Everything is described, nothing throws.
 */
import type { MessageDescription } from '../protocol.js';

const PREVIEW_BYTES = 16;
const TEXT_PREVIEW_CHARS = 2000;
const encoder = new TextEncoder();

export async function describeValue(data: unknown): Promise<MessageDescription> {
  if (typeof data === 'string') {
    return { kind: 'string', text: data, value: data, bytes: encoder.encode(data).byteLength };
  }
  if (typeof data === 'number' || typeof data === 'boolean') {
    return { kind: typeof data as 'number' | 'boolean', text: String(data), value: Number.isFinite(data) || typeof data === 'boolean' ? data : String(data), bytes: String(data).length };
  }
  if (typeof data === 'bigint') return { kind: 'bigint', text: `${data}n`, value: data.toString(), bytes: data.toString().length };
  if (data === null) return { kind: 'null', text: 'null', value: null, bytes: 4 };
  if (data === undefined) return { kind: 'undefined', text: 'undefined', value: null, bytes: 0 };
  if (data instanceof Date) {
    const iso = Number.isNaN(data.getTime()) ? 'Invalid Date' : data.toISOString();
    return { kind: 'date', text: iso, value: iso, bytes: iso.length };
  }
  if (data instanceof ArrayBuffer) return describeBinary(new Uint8Array(data), 'ArrayBuffer');
  if (ArrayBuffer.isView(data)) {
    return describeBinary(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), data.constructor.name);
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    const bytes = new Uint8Array(await data.arrayBuffer());
    const described = describeBinary(bytes, 'Blob');
    return { ...described, kind: 'blob', text: `${described.text}${data.type ? ` ${data.type}` : ''}` };
  }
  try {
    const json = JSON.stringify(data, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof ArrayBuffer ? { bytes: v.byteLength } : v));
    const kind = Array.isArray(data) ? 'array' : 'object';
    const text = json.length > TEXT_PREVIEW_CHARS ? `${json.slice(0, TEXT_PREVIEW_CHARS)}… (${json.length} characters)` : json;
    return { kind, text, value: JSON.parse(json) as unknown, bytes: encoder.encode(json).byteLength };
  } catch {
    const text = Object.prototype.toString.call(data);
    return { kind: 'other', text, value: text, bytes: 0 };
  }
}

function describeBinary(bytes: Uint8Array, type: string): MessageDescription {
  const hex = Array.from(bytes.subarray(0, PREVIEW_BYTES), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const more = bytes.byteLength > PREVIEW_BYTES ? ' …' : '';
  return {
    kind: 'binary',
    type,
    text: `<${type} ${bytes.byteLength} bytes${bytes.byteLength ? `: ${hex}${more}` : ''}>`,
    value: { type, bytes: bytes.byteLength, hex: hex.replace(/ /g, '') },
    bytes: bytes.byteLength,
  };
}
