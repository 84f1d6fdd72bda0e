/**
 * Messages waiting for a peer that has not connected yet, with bounds on count and bytes.
 *
 * Why queue at all: PeerJS clients may send an OFFER before the other side's WebSocket is open; the stock
 * server holds such messages and delivers them when that id registers (peerjs-server src/instance.ts,
 * "connection" handler). After `expire_timeout` it drops them and tells each sender once with EXPIRE
 * (src/services/messagesExpire/index.ts), which the client turns into a `peer-unavailable` error.
 * The stock queues are unbounded; these are not. Pure: the clock is injected.
 */
import type { RelayedType } from './peerjs-protocol.js';

export interface QueuedMessage {
  type: RelayedType;
  src: string;
  dst: string;
  /** The exact frame to send on delivery. */
  data: string;
  bytes: number;
  connection: 'data' | 'media' | null;
}

export interface QueueLimits {
  maxPerPeer: number;
  maxTotal: number;
  maxBytes: number;
}

export type EnqueueResult = 'queued' | 'peer-queue-full' | 'queue-full' | 'queue-bytes-full';

export interface ExpiredQueue {
  dst: string;
  messages: number;
  bytes: number;
  /** Senders to tell with EXPIRE: each once, and not those already told when their message was refused. */
  notify: string[];
}

interface DestinationQueue {
  messages: QueuedMessage[];
  bytes: number;
  createdAt: number;
  /** Senders already sent an EXPIRE for this destination (the stock server's `seen` set). */
  notified: Set<string>;
}

export class MessageQueues {
  private readonly queues = new Map<string, DestinationQueue>();
  private totalMessages = 0;
  private totalBytes = 0;

  constructor(
    private readonly limits: QueueLimits,
    private readonly now: () => number = Date.now,
  ) {}

  enqueue(message: QueuedMessage): EnqueueResult {
    const queue = this.queues.get(message.dst);
    if (queue && queue.messages.length >= this.limits.maxPerPeer) return 'peer-queue-full';
    if (this.totalMessages >= this.limits.maxTotal) return 'queue-full';
    if (this.totalBytes + message.bytes > this.limits.maxBytes) return 'queue-bytes-full';
    const target = queue ?? { messages: [], bytes: 0, createdAt: this.now(), notified: new Set<string>() };
    if (!queue) this.queues.set(message.dst, target);
    target.messages.push(message);
    target.bytes += message.bytes;
    this.totalMessages += 1;
    this.totalBytes += message.bytes;
    return 'queued';
  }

  /** How many messages wait for `dst`. */
  pendingFor(dst: string): number {
    return this.queues.get(dst)?.messages.length ?? 0;
  }

  /** Removes and returns everything waiting for `dst`, oldest first (called when `dst` registers). */
  take(dst: string): QueuedMessage[] {
    const queue = this.queues.get(dst);
    if (!queue) return [];
    this.drop(dst, queue);
    return queue.messages;
  }

  /**
   * Records that `src` was told `dst` is unavailable (its message was refused because a queue is full).
   * Returns false when it was already told, so a sender trickling candidates gets one EXPIRE, not twenty.
   * Only destinations that already have a queue remember this, so refusals never allocate.
   */
  markNotified(dst: string, src: string): boolean {
    const queue = this.queues.get(dst);
    if (!queue) return true;
    if (queue.notified.has(src)) return false;
    queue.notified.add(src);
    return true;
  }

  /** Drops queues older than `timeoutMs` (measured from their first message, as the stock server does). */
  expire(timeoutMs: number): ExpiredQueue[] {
    const now = this.now();
    const expired: ExpiredQueue[] = [];
    for (const [dst, queue] of this.queues) {
      if (now - queue.createdAt < timeoutMs) continue;
      this.drop(dst, queue);
      const notify = [...new Set(queue.messages.map((m) => m.src))].filter((src) => !queue.notified.has(src));
      expired.push({ dst, messages: queue.messages.length, bytes: queue.bytes, notify });
    }
    return expired;
  }

  clear(): void {
    this.queues.clear();
    this.totalMessages = 0;
    this.totalBytes = 0;
  }

  get messageCount(): number {
    return this.totalMessages;
  }

  get byteCount(): number {
    return this.totalBytes;
  }

  get destinationCount(): number {
    return this.queues.size;
  }

  private drop(dst: string, queue: DestinationQueue): void {
    this.queues.delete(dst);
    this.totalMessages -= queue.messages.length;
    this.totalBytes -= queue.bytes;
  }
}
