/**
 * call-test's data check, sender side: numbered, checksummed messages sent one at a time (so each
 * acknowledgement measures a true round trip, not queueing), then a bulk transfer for throughput, then the
 * receiver's tally. The receiver side is in incoming.ts.
 */
import type { ControlMessage, DataCheckOptions, DataCheckRaw } from '../protocol.js';
import { encodeCheckMessage, encodeCheckMessageJson, makeCheckPayload } from '../shared/check-message.js';
import { makeBulkChunk } from '../shared/bulk-message.js';
import { encodeControl } from '../shared/control-message.js';
import { openConnection, peerJsQueueLength } from './outgoing.js';

type CheckAck = Extract<ControlMessage, { rtcdemo: 'check-ack' }>;
type CheckReport = Extract<ControlMessage, { rtcdemo: 'check-report' }>;
const isCheckAck = (m: ControlMessage): m is CheckAck => m.rtcdemo === 'check-ack';
const isReport = (m: ControlMessage): m is CheckReport => m.rtcdemo === 'check-report';

/**
 * PeerJS chunks binary messages above 16,300 bytes (its chunkedMTU); bulk chunks stay just under it so each
 * is one SCTP message. https://github.com/peers/peerjs/blob/master/lib/binarypack.ts
 */
const BULK_CHUNK_BYTES = 16_000;
/**
 * Keep at most this much queued in the channel. With 1 MiB queued (measured: npm run bench, BENCHMARKS.md), a
 * fresh connection's SCTP slow start bursts past the 64 KB that Chromium's renderer lets be in flight to its
 * network process (IpcPacketSocket kMaximumInFlightBytes); the excess packets are dropped ("UDP send … failed
 * with error 11") and dcsctp recovers them one 400 ms retransmission timeout at a time: 16 MiB took 3–4 s
 * (~4 MB/s). With 64 KiB queued a lone transfer loses nothing and runs at 20–35 MB/s here.
 */
const HIGH_WATER_BYTES = 64 * 1024;

export async function runDataCheck(options: DataCheckOptions): Promise<DataCheckRaw> {
  const json = options.serialization === 'json';
  const opened = await openConnection(options.to, { serialization: options.serialization, purpose: 'check', expected: options.messages, timeoutMs: options.connectTimeoutMs });
  const { conn } = opened;
  const rttSamplesMs: number[] = [];
  let firstAck: number | null = null;
  let error: string | null = null;
  let sent = 0;

  for (let seq = 0; seq < options.messages; seq += 1) {
    const payload = makeCheckPayload(seq, options.size);
    const message = json ? encodeCheckMessageJson(seq, payload) : encodeCheckMessage(seq, payload);
    const sentAt = performance.now();
    void conn.send(message);
    sent += 1;
    const ack = await opened.nextControl(isCheckAck, options.ackTimeoutMs);
    if (!ack) {
      error = `message ${seq} was not acknowledged within ${options.ackTimeoutMs / 1000} s`;
      break;
    }
    rttSamplesMs.push(performance.now() - sentAt);
    firstAck ??= Date.now();
  }

  const bulk = { bytes: 0, messages: 0, ms: 0, chunkBytes: BULK_CHUNK_BYTES };
  if (!error && options.bulkBytes > 0) {
    const began = performance.now();
    const channel = conn.dataChannel;
    channel.bufferedAmountLowThreshold = HIGH_WATER_BYTES / 2;
    for (let sent = 0, index = 0; sent < options.bulkBytes; index += 1) {
      const size = Math.min(BULK_CHUNK_BYTES, options.bulkBytes - sent);
      while (channel.bufferedAmount + peerJsQueueLength(conn) * BULK_CHUNK_BYTES > HIGH_WATER_BYTES) {
        await new Promise<void>((resolve) => {
          channel.addEventListener('bufferedamountlow', () => resolve(), { once: true });
          // PeerJS may hold chunks in its own buffer where bufferedamountlow can't see them.
          setTimeout(resolve, 20);
        });
      }
      void conn.send(makeBulkChunk(index, size, json));
      sent += size;
      bulk.bytes = sent;
      bulk.messages = index + 1;
    }
    void conn.send(encodeControl({ rtcdemo: 'check-end' }, options.serialization));
    const report = await opened.nextControl(isReport, Math.max(options.ackTimeoutMs, 30_000));
    bulk.ms = performance.now() - began;
    if (!report) error = 'the receiver did not report its tally after the bulk transfer';
    conn.close();
    return result(report);
  }
  void conn.send(encodeControl({ rtcdemo: 'check-end' }, options.serialization));
  const report = await opened.nextControl(isReport, options.ackTimeoutMs);
  if (!report && !error) error = 'the receiver did not report its tally';
  conn.close();
  return result(report);

  function result(report: CheckReport | null): DataCheckRaw {
    return {
      connectionOpenMs: opened.openMs,
      at: { open: opened.openedAt, firstAck },
      sent,
      rttSamplesMs,
      acknowledged: rttSamplesMs.length,
      tally: report?.tally ?? { expected: options.messages, delivered: 0, lost: options.messages, duplicated: 0, reordered: 0, corrupted: 0 },
      bulk: { ...bulk, bytes: report ? report.bulkBytes : 0 },
      error,
    };
  }
}
