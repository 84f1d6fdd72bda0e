/**
 * What the signaling server reports while it runs. `rtcdemo serve` prints one line per event; tests and
 * `call-test` can listen for the same facts. Times are epoch milliseconds (Date.now()).
 */
import type { EventEmitter } from 'node:events';
import type { RelayedType } from './peerjs-protocol.js';
import type { RejectReason } from './metrics.js';

export type ConnectionKind = 'data' | 'media';

export interface PeerRegisteredEvent {
  id: string;
  remoteAddress: string;
  /** Registered peers after this one. */
  peers: number;
  /** The same id and token came back on a new socket while the old one was still open; the old one was closed. */
  reconnected: boolean;
  /** Messages that were waiting for this id and are delivered now. */
  queuedDelivered: number;
  at: number;
}

/** closed: the socket closed; timeout: no HEARTBEAT for the alive timeout; leave: it sent LEAVE without dst; rejected: the server disconnected it (a client-rejected event says why). */
export type PeerLeftReason = 'closed' | 'timeout' | 'leave' | 'rejected';

export interface PeerLeftEvent {
  id: string;
  reason: PeerLeftReason;
  peers: number;
  at: number;
}

/**
 * direct: sent to a connected peer; queued: held for a peer that has not connected yet;
 * from-queue: a held message, delivered now that its peer registered.
 */
export type RelayDelivery = 'direct' | 'queued' | 'from-queue';

export interface RelayEvent {
  type: RelayedType;
  from: string;
  to: string;
  /** The relayed frame's size, UTF-8 bytes. */
  bytes: number;
  delivery: RelayDelivery;
  /** OFFER/ANSWER/CANDIDATE say which kind of PeerJS connection they set up. */
  connection: ConnectionKind | null;
  /** server: an EXPIRE or LEAVE the server sends on behalf of a peer that is absent or gone. */
  origin: 'peer' | 'server';
  at: number;
}

export interface MessageDroppedEvent {
  type: RelayedType;
  from: string;
  to: string;
  reason: 'peer-queue-full' | 'queue-full' | 'queue-bytes-full';
  at: number;
}

export interface QueueExpiredEvent {
  /** The peer that never connected. */
  to: string;
  messages: number;
  bytes: number;
  at: number;
}

export interface ClientRejectedEvent {
  /** Null when the client never got as far as naming a valid id. */
  id: string | null;
  remoteAddress: string;
  reason: RejectReason;
  /** The text sent to the client in the ERROR message, or why its socket was closed. */
  message: string;
  at: number;
}

export interface SocketErrorEvent {
  id: string | null;
  remoteAddress: string | null;
  message: string;
  code: string | null;
  at: number;
}

export interface ServerErrorEvent {
  message: string;
  code: string | null;
  at: number;
}

export interface SignalingEventMap {
  'peer-registered': [PeerRegisteredEvent];
  'peer-left': [PeerLeftEvent];
  relay: [RelayEvent];
  'message-dropped': [MessageDroppedEvent];
  'queue-expired': [QueueExpiredEvent];
  'client-rejected': [ClientRejectedEvent];
  'socket-error': [SocketErrorEvent];
  'server-error': [ServerErrorEvent];
}

export type SignalingEvents = EventEmitter<SignalingEventMap>;

/**
 * How the server's parts report events: like `emit`, but a listener that throws costs an error count, never
 * the process (an exception from a listener would otherwise surface inside a ws or http callback, uncaught).
 */
export interface EventReporter {
  emit<K extends keyof SignalingEventMap>(name: K, ...args: SignalingEventMap[K]): void;
}

export function createEventReporter(events: SignalingEvents, onListenerError: (error: unknown) => void): EventReporter {
  return {
    emit(name, ...args) {
      try {
        // The generic map cannot follow a generic K through the spread; the signature above already checked it.
        (events as EventEmitter).emit(name, ...args);
      } catch (error) {
        onListenerError(error);
        if (name === 'server-error') return;
        const message = `a '${name}' event listener threw: ${error instanceof Error ? error.message : String(error)}`;
        try {
          events.emit('server-error', { message, code: null, at: Date.now() });
        } catch {
          // the server-error listener throws too; the count above is all we can do
        }
      }
    },
  };
}
