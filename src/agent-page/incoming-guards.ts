/**
 * Two things PeerJS 1.5.5 gets wrong on the receiving side of a DataConnection, worked around per connection
 * without touching PeerJS itself:
 * - it reassembles a chunked message of any size in the page, so one peer can take the renderer's memory;
 * - it drops `null`.
 */
import type { DataConnection } from 'peerjs';

/** PeerJS internals used below; peerjs is pinned, and each use says what it relies on. */
interface PeerJsConnectionInternals {
  _handleDataMessage(event: { data: unknown }): void;
  emit(event: 'data', value: unknown): boolean;
  /** binarypack connections: chunks of messages not yet complete, by message id. */
  _chunkedData?: Record<string, unknown>;
}

/**
 * PeerJS reads `deserializedData["__peerData"]` on every message before emitting it, which throws for `null`,
 * so a `send(null)` (or `send(undefined)`: binarypack packs both as the single byte 0xc0) never reaches
 * 'data':
 * https://github.com/peers/peerjs/blob/v1.5.5/lib/dataconnection/BufferedConnection/BinaryPack.ts#L34
 * (binary) and the same line in lib/dataconnection/BufferedConnection/Json.ts (json: JSON.parse('null')).
 * The value is recognised in its encoded form and emitted as PeerJS would have. MsgPack (`?.`) and raw are fine.
 */
export function deliverNull(conn: DataConnection): void {
  const serialization = conn.serialization;
  const isNull =
    serialization === 'json'
      ? (data: unknown) => byteView(data)?.join(',') === NULL_JSON
      : serialization === 'binary' || serialization === 'binary-utf8' || serialization === 'default'
        ? (data: unknown) => { const bytes = byteView(data); return bytes?.length === 1 && bytes[0] === 0xc0; }
        : null;
  if (!isNull) return;
  const internals = conn as unknown as PeerJsConnectionInternals;
  if (typeof internals._handleDataMessage !== 'function') return;
  const original = internals._handleDataMessage.bind(conn);
  internals._handleDataMessage = (event) => {
    if (isNull(event.data)) internals.emit('data', null);
    else original(event);
  };
}

const NULL_JSON = Array.from(new TextEncoder().encode('null')).join(',');

function byteView(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return data.byteLength <= 4 ? new Uint8Array(data) : null;
  if (ArrayBuffer.isView(data)) return data.byteLength <= 4 ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  return null;
}

export interface MessageSizeGuard {
  /** Call on every 'data' event: a message is complete. */
  completed(): void;
  stop(): void;
}

/**
 * Counts the bytes that arrive on the data channel without completing a message (PeerJS's chunks, or a
 * MsgPack stream mid-value) and calls `onTooBig` once they pass `limit`. The count is exact to one chunk
 * (16 KiB binarypack, 32 KiB MsgPack), which is what a bound of several MiB needs. A binarypack message whose
 * chunks never all arrive keeps the count from resetting, so leaving pieces behind can't beat the bound either.
 */
export function guardMessageSize(conn: DataConnection, limit: number, onTooBig: (bytes: number) => void): MessageSizeGuard {
  const channel = conn.dataChannel;
  let pending = 0;
  let completed = false;
  let tripped = false;
  const internals = conn as unknown as PeerJsConnectionInternals;
  const partialChunks = () => internals._chunkedData !== undefined && Object.keys(internals._chunkedData).length > 0;
  const onMessage = (event: MessageEvent) => {
    if (completed && !partialChunks()) pending = 0;
    completed = false;
    pending += sizeOf(event.data);
    if (pending > limit && !tripped) {
      tripped = true;
      onTooBig(pending);
    }
  };
  channel?.addEventListener('message', onMessage);
  return {
    completed: () => {
      completed = true;
    },
    stop: () => channel?.removeEventListener('message', onMessage),
  };
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (data instanceof Blob) return data.size;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
