/**
 * What a PeerJS error means, from its `type` and message. PeerJS 1.5.5 turns a server's ERROR message into a
 * `server-error` whatever it says (https://github.com/peers/peerjs/blob/v1.5.5/lib/peer.ts, `case ServerMessageType.Error`),
 * and its `invalid-key` type is only used for an INVALID-KEY message that neither the stock `peer` server nor
 * ours sends: both send ERROR "Invalid key provided" (peer 1.0.2 `Errors.INVALID_KEY`). So the message decides.
 */
import type { AgentErrorKind } from '../protocol.js';

const PEERJS_ERROR_TYPES: ReadonlySet<string> = new Set<AgentErrorKind>([
  'peer-unavailable',
  'unavailable-id',
  'invalid-id',
  'invalid-key',
  'network',
  'server-error',
  'socket-error',
  'socket-closed',
  'webrtc',
]);

export function peerErrorKind(type: string | undefined, message: string): AgentErrorKind {
  const kind = type !== undefined && PEERJS_ERROR_TYPES.has(type) ? (type as AgentErrorKind) : 'server-error';
  if (kind === 'server-error' && /\binvalid key\b/i.test(message)) return 'invalid-key';
  return kind;
}
