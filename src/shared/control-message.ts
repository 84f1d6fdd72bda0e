/**
 * rtcdemo's control messages (hello, acknowledgements, check reports) travel on the same DataConnection as
 * the user's data. With `raw` serialization PeerJS hands values straight to RTCDataChannel.send(), which
 * only takes strings and binary, so control messages are then sent as JSON text with a recognisable prefix.
 * Used by the agent page on both ends; pure code (no DOM, no Node).
 */
import type { ControlMessage, Serialization } from '../protocol.js';

const RAW_PREFIX = '\u0000rtcdemo:';

export function encodeControl(message: ControlMessage, serialization: Serialization): unknown {
  return serialization === 'raw' ? RAW_PREFIX + JSON.stringify(message) : message;
}

export function decodeControl(data: unknown): ControlMessage | null {
  let value = data;
  if (typeof data === 'string') {
    if (!data.startsWith(RAW_PREFIX)) return null;
    try {
      value = JSON.parse(data.slice(RAW_PREFIX.length));
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const tag = (value as { rtcdemo?: unknown }).rtcdemo;
  return tag === 'hello' || tag === 'ack' || tag === 'check-ack' || tag === 'check-report' || tag === 'check-end'
    ? (value as ControlMessage)
    : null;
}
