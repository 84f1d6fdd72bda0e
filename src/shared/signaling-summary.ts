/**
 * A PeerJS signaling message, as it crosses the page's WebSocket, reduced to a `--trace` record. Pure; the
 * input is whatever a server or remote peer sent, so nothing about its shape is trusted.
 *
 * PeerJS 1.5.5's messages (lib/enums.ts ServerMessageType, lib/negotiator.ts):
 *   client → server  { type, payload, dst }     OFFER, ANSWER, CANDIDATE (and HEARTBEAT, sent around this path)
 *   server → client  { type, payload?, src? }   OPEN, the same three relayed, LEAVE, EXPIRE, ERROR, ID-TAKEN, INVALID-KEY
 *   OFFER / ANSWER payload: { sdp: { type, sdp }, type: 'data' | 'media', connectionId, metadata?, label?, serialization?, reliable? }
 *   CANDIDATE payload:      { candidate: { candidate, sdpMid, sdpMLineIndex }, type, connectionId }
 *   ERROR payload:          { msg }
 */
import type { ConnectionOfferSummary, SignalDetail, TraceRecord } from '../protocol-trace.js';
import { summarizeCandidate, summarizeSdp } from './sdp-summary.js';

const MAX_ID_CHARS = 128;
const MAX_TEXT_CHARS = 300;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = MAX_ID_CHARS): string | null => (typeof v === 'string' ? v.slice(0, max) : null);

export function summarizeSignal(direction: 'sent' | 'received', message: unknown): Extract<TraceRecord, { kind: 'signal' }> {
  const m = isObject(message) ? message : {};
  const type = str(m.type, 32) ?? '(no type)';
  const payload = isObject(m.payload) ? m.payload : null;
  return {
    kind: 'signal',
    direction,
    message: type,
    peer: str(direction === 'sent' ? m.dst : m.src),
    connectionId: str(payload?.connectionId),
    connectionType: str(payload?.type, 16),
    detail: detailOf(type, payload),
  };
}

function detailOf(type: string, payload: Loose | null): SignalDetail {
  if (!payload) return null;
  switch (type) {
    case 'OFFER':
    case 'ANSWER': {
      const description = isObject(payload.sdp) ? payload.sdp : null;
      const sdp = typeof description?.sdp === 'string' ? description.sdp : null;
      if (sdp === null) return { text: 'no SDP in the message' };
      return { sdp: summarizeSdp(str(description?.type, 16) ?? type.toLowerCase(), sdp), connection: type === 'OFFER' ? offerSummary(payload) : null };
    }
    case 'CANDIDATE': {
      // Sent: an RTCIceCandidate (PeerJS hands it to JSON.stringify, which calls toJSON); received: its JSON.
      const candidate = isObject(payload.candidate) ? payload.candidate : null;
      const line = typeof candidate?.candidate === 'string' ? candidate.candidate : null;
      return { candidate: line === null ? null : summarizeCandidate(line, str(candidate?.sdpMid, 16)) };
    }
    default: {
      const text = str(payload.msg, MAX_TEXT_CHARS);
      return text === null ? null : { text };
    }
  }
}

function offerSummary(payload: Loose): ConnectionOfferSummary {
  let metadataChars = 0;
  if (payload.metadata !== undefined) {
    try {
      metadataChars = JSON.stringify(payload.metadata)?.length ?? 0;
    } catch {
      metadataChars = 0;
    }
  }
  return {
    serialization: str(payload.serialization, 32),
    reliable: typeof payload.reliable === 'boolean' ? payload.reliable : null,
    label: str(payload.label),
    metadataChars,
  };
}
