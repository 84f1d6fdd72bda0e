/**
 * Bulk-transfer chunks of the call-test throughput check: binary chunks start with the magic "RTCB" so the
 * receiver can count them apart from numbered check messages; in `json` serialization (no binary) a chunk
 * is `{ rtcdemoBulk: index, data: string }`. Pure code, shared by both agent pages.
 */
const MAGIC = [0x52, 0x54, 0x43, 0x42]; // "RTCB"

export function makeBulkChunk(index: number, size: number, json: boolean): Uint8Array | { rtcdemoBulk: number; data: string } {
  if (json) return { rtcdemoBulk: index, data: 'x'.repeat(Math.max(0, size)) };
  const chunk = new Uint8Array(Math.max(size, MAGIC.length + 4));
  chunk.set(MAGIC, 0);
  new DataView(chunk.buffer).setUint32(4, index);
  return chunk;
}

/** Payload bytes of a bulk chunk, or null when `data` is not one. */
export function bulkChunkBytes(data: unknown): number | null {
  if (typeof data === 'object' && data !== null && 'rtcdemoBulk' in data) {
    const text = (data as { data?: unknown }).data;
    return typeof text === 'string' ? text.length : null;
  }
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  if (!bytes || bytes.byteLength < MAGIC.length) return null;
  return MAGIC.every((b, i) => bytes[i] === b) ? bytes.byteLength : null;
}
