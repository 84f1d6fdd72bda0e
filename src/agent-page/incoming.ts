/**
 * The receiving side: every incoming DataConnection is reported, its messages described and forwarded to
 * Node. Connections from rtcdemo senders (recognised by their metadata, which plain PeerJS pages never
 * read) also get a hello, an acknowledgement per message, and call-test accounting.
 */
import type { DataConnection, Peer } from 'peerjs';
import { AGENT_PROTOCOL_VERSION, type RtcdemoConnectionMetadata, type Serialization } from '../protocol.js';
import { decodeControl, encodeControl } from '../shared/control-message.js';
import { decodeCheckMessage, decodeCheckMessageJson } from '../shared/check-message.js';
import { bulkChunkBytes } from '../shared/bulk-message.js';
import { createSequenceTally } from '../shared/sequence-tally.js';
import { describeValue } from './describe-value.js';
import { errorMessageOf } from './peer-session.js';
import { watchDeparture } from './departure.js';
import { watchIce } from './ice-watch.js';
import { emit } from './emit.js';
import { deliverNull, guardMessageSize, type MessageSizeGuard } from './incoming-guards.js';
import { DEFAULT_MAX_MESSAGE_BYTES, refuseAboveBytes } from '../shared/receive-bounds.js';

function rtcdemoMetadata(conn: DataConnection): RtcdemoConnectionMetadata['rtcdemo'] | null {
  const meta = conn.metadata as Partial<RtcdemoConnectionMetadata> | undefined;
  return meta && typeof meta.rtcdemo === 'object' && meta.rtcdemo !== null ? meta.rtcdemo : null;
}

export interface IncomingOptions {
  acknowledge: boolean;
  /** Larger messages are described by size and prefix only (src/shared/receive-bounds.ts). */
  maxMessageBytes?: number;
}

export function listenForConnections(peer: Peer, options: IncomingOptions): void {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const refuseAbove = refuseAboveBytes(maxMessageBytes);
  peer.on('connection', (conn) => {
    if (conn.peerConnection) watchIce(conn.peerConnection, conn.peer, 'data');
    const meta = options.acknowledge ? rtcdemoMetadata(conn) : null;
    deliverNull(conn);
    let guard: MessageSizeGuard | null = null;
    conn.on('data', () => guard?.completed());
    const serialization = conn.serialization as Serialization;
    const send = (message: Parameters<typeof encodeControl>[0]) => {
      if (conn.open) void conn.send(encodeControl(message, serialization));
    };
    let closed = false;
    const onGone = (signal: Parameters<Parameters<typeof watchDeparture>[3]>[0]) => {
      if (closed) return;
      closed = true;
      emit({ type: 'connection-close', peer: conn.peer, signal, at: Date.now() });
    };
    conn.on('open', () => {
      emit({ type: 'connection-open', peer: conn.peer, rtcdemo: meta !== null, serialization, at: Date.now() });
      if (meta) send({ rtcdemo: 'hello', version: AGENT_PROTOCOL_VERSION });
      if (conn.peerConnection) watchDeparture(conn.peerConnection, conn.peer, false, onGone);
      // Closing is the only way to stop PeerJS putting an oversized message together in this page's memory.
      guard = guardMessageSize(conn, refuseAbove, (bytes) => {
        emit({ type: 'message-refused', from: conn.peer, bytes, limit: refuseAbove, at: Date.now() });
        // The refusal line says we closed it: no "hung up" line after it.
        closed = true;
        conn.close();
      });
    });
    conn.on('close', () => {
      guard?.stop();
      onGone('connection-close');
    });
    conn.on('error', (error) => emit({ type: 'log', level: 'warn', text: `connection with ${conn.peer}: ${errorMessageOf(error)}`, at: Date.now() }));

    if (meta?.purpose === 'check') {
      handleCheckConnection(conn, meta.expected ?? 0, send);
      return;
    }
    let count = 0;
    let bytes = 0;
    // Describing a Blob is asynchronous; a chain keeps the printed order equal to the arrival order.
    let chain = Promise.resolve();
    conn.on('data', (data) => {
      const at = Date.now();
      chain = chain.then(async () => {
        const message = await describeValue(data, maxMessageBytes);
        count += 1;
        bytes += message.bytes;
        emit({ type: 'message', from: conn.peer, message, at });
        if (meta) send({ rtcdemo: 'ack', count, bytes });
      });
    });
  });
}

/** call-test: acknowledge each numbered message, count bulk bytes, report the tally when asked. */
function handleCheckConnection(conn: DataConnection, expected: number, send: (m: Parameters<typeof encodeControl>[0]) => void): void {
  const tally = createSequenceTally(expected);
  let bulkBytes = 0;
  let bulkMessages = 0;
  conn.on('data', (data) => {
    const control = decodeControl(data);
    if (control?.rtcdemo === 'check-end') {
      send({ rtcdemo: 'check-report', tally: tally.snapshot(), bulkBytes, bulkMessages });
      return;
    }
    const bulk = bulkChunkBytes(data);
    if (bulk !== null) {
      bulkBytes += bulk;
      bulkMessages += 1;
      return;
    }
    const decoded = decodeCheck(data);
    if (!decoded) {
      tally.record(-1, false);
      return;
    }
    tally.record(decoded.seq, decoded.crcOk);
    send({ rtcdemo: 'check-ack', seq: decoded.seq });
  });
}

function decodeCheck(data: unknown): { seq: number; crcOk: boolean } | null {
  if (data instanceof ArrayBuffer) return decodeCheckMessage(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) return decodeCheckMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return decodeCheckMessageJson(data);
}
