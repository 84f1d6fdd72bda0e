/**
 * Passing OFFER / ANSWER / CANDIDATE / LEAVE / EXPIRE from one peer to another: the whole job of a signaling
 * server. Mirrors the stock "transmission" handler
 * (https://github.com/peers/peerjs-server/blob/master/src/messageHandler/handlers/transmission/index.ts):
 * deliver to a connected peer; if its socket is dead, answer the sender with LEAVE; if the peer is not
 * connected, queue everything but LEAVE and EXPIRE until it registers or the queue expires.
 */
import { WebSocket } from 'ws';
import { connectionTypeOf, isPeerJsId, serializeRelayed, type RelayedType } from './peerjs-protocol.js';
import type { MessageQueues, QueuedMessage } from './message-queues.js';
import type { PeerClient, PeerRegistry } from './peer-registry.js';
import type { ServerCounters } from './metrics.js';
import type { RelayDelivery, EventReporter } from './server-events.js';

export interface RelayDeps {
  registry: PeerRegistry;
  queues: MessageQueues;
  counters: ServerCounters;
  events: EventReporter;
  maxBufferedBytesPerPeer: number;
  /** The destination's socket is closing, or it stopped reading: unregister it (the caller owns sockets). */
  dropPeer(client: PeerClient, why: 'gone' | 'slow-consumer'): void;
}

export class Relay {
  constructor(private readonly deps: RelayDeps) {}

  relay(type: RelayedType, src: string, dst: string, payload: unknown, origin: 'peer' | 'server' = 'peer'): void {
    const { registry, queues, counters, events } = this.deps;
    const connection = connectionTypeOf(payload);
    if (!isPeerJsId(dst)) {
      // No client can ever register this id, so waiting expire_timeout to say so helps nobody: EXPIRE now.
      if (origin === 'peer' && type !== 'LEAVE' && type !== 'EXPIRE') this.relay('EXPIRE', dst, src, undefined, 'server');
      return;
    }
    const data = serializeRelayed(type, src, dst, payload);
    const bytes = Buffer.byteLength(data);
    const target = registry.get(dst);
    if (target) {
      if (this.deliver(target, data, type)) {
        this.emitRelay({ type, src, dst, bytes, connection }, 'direct', origin);
      } else if (origin === 'peer') {
        // The stock server's "Peer dead?" branch: tell the sender the other side is gone.
        this.relay('LEAVE', dst, src, undefined, 'server');
      }
      return;
    }
    // LEAVE and EXPIRE for an absent peer are news to nobody; the stock server drops them too.
    if (type === 'LEAVE' || type === 'EXPIRE' || origin === 'server') return;
    const result = queues.enqueue({ type, src, dst, data, bytes, connection });
    if (result === 'queued') {
      this.emitRelay({ type, src, dst, bytes, connection }, 'queued', origin);
      return;
    }
    counters.countError('queue-full');
    events.emit('message-dropped', { type, from: src, to: dst, reason: result, at: Date.now() });
    // The sender would otherwise wait for an answer that cannot come; EXPIRE is how PeerJS says "peer unavailable".
    if (queues.markNotified(dst, src)) this.relay('EXPIRE', dst, src, undefined, 'server');
  }

  pendingFor(id: string): number {
    return this.deps.queues.pendingFor(id);
  }

  /** Delivers what waited for `client`, oldest first; returns how many were sent. */
  flush(client: PeerClient): number {
    const waiting = this.deps.queues.take(client.id);
    let sent = 0;
    for (const message of waiting) {
      if (!this.deliver(client, message.data, message.type)) break;
      this.emitRelay(message, 'from-queue', 'peer');
      sent += 1;
    }
    return sent;
  }

  /** Drops queues older than `expireTimeoutMs` and sends each of their senders one EXPIRE. */
  expire(expireTimeoutMs: number): void {
    for (const expired of this.deps.queues.expire(expireTimeoutMs)) {
      this.deps.events.emit('queue-expired', { to: expired.dst, messages: expired.messages, bytes: expired.bytes, at: Date.now() });
      for (const src of expired.notify) this.relay('EXPIRE', expired.dst, src, undefined, 'server');
    }
  }

  private deliver(target: PeerClient, data: string, type: RelayedType): boolean {
    const socket = target.socket;
    if (socket.readyState !== WebSocket.OPEN) {
      this.deps.dropPeer(target, 'gone');
      return false;
    }
    if (socket.bufferedAmount > this.deps.maxBufferedBytesPerPeer) {
      this.deps.dropPeer(target, 'slow-consumer');
      return false;
    }
    socket.send(data);
    this.deps.counters.countRelayed(type);
    return true;
  }

  private emitRelay(
    message: Pick<QueuedMessage, 'type' | 'src' | 'dst' | 'bytes' | 'connection'>,
    delivery: RelayDelivery,
    origin: 'peer' | 'server',
  ): void {
    this.deps.events.emit('relay', {
      type: message.type,
      from: message.src,
      to: message.dst,
      bytes: message.bytes,
      delivery,
      connection: message.connection,
      origin,
      at: Date.now(),
    });
  }
}
