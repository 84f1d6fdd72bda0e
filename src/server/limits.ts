/**
 * The bounds that keep one client from taking the server down, with their defaults and why they are sized so.
 * The stock PeerJS server bounds only the number of peers (concurrent_limit 5000); everything else grows freely.
 */

export interface ServerLimits {
  /**
   * Largest WebSocket message accepted, in bytes; bigger frames close that socket with 1009 (ws `maxPayload`).
   * A Chrome offer with audio, video and a data channel is 4–8 KB of SDP, so 64 KiB leaves ample room.
   */
  maxPayloadBytes: number;
  /**
   * Messages held for one destination that has not connected yet. One connection attempt is an OFFER and
   * 5–20 CANDIDATEs, so 50 covers two or three attempts before the sender gets an EXPIRE.
   */
  maxQueuedPerPeer: number;
  /** Messages held for all absent destinations together. */
  maxQueuedTotal: number;
  /** Bytes held for all absent destinations together (10,000 offers of 64 KiB would be 640 MB; this caps it). */
  maxQueuedBytes: number;
  /**
   * Sustained messages per second per connection (token bucket). A PeerJS peer sends a HEARTBEAT every 5 s and a
   * dozen messages per connection it sets up; 200/s is far above any real client and far below a flood.
   */
  maxMessagesPerSecond: number;
  /** Bucket size: how many messages may arrive at once before the rate applies. */
  maxBurst: number;
  /**
   * Registered peers per remote address. Loopback tests and `bench` open thousands from 127.0.0.1, so the default
   * only stops one runaway script on a LAN from taking every slot.
   */
  maxConnectionsPerIp: number;
  /** Registered peers in total (the stock server's `concurrent_limit`). */
  maxPeers: number;
  /**
   * Bytes waiting in one peer's socket send buffer. A peer that stops reading is disconnected rather than letting
   * relayed messages pile up in the server's memory.
   */
  maxBufferedBytesPerPeer: number;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxPayloadBytes: 64 * 1024,
  maxQueuedPerPeer: 50,
  maxQueuedTotal: 10_000,
  maxQueuedBytes: 16 * 1024 * 1024,
  maxMessagesPerSecond: 200,
  maxBurst: 400,
  maxConnectionsPerIp: 10_000,
  maxPeers: 20_000,
  maxBufferedBytesPerPeer: 4 * 1024 * 1024,
});

/** Fills in defaults; a burst smaller than one second's rate would make the rate unreachable, so it follows the rate. */
export function resolveLimits(partial: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...DEFAULT_LIMITS, ...stripUndefined(partial) };
  if (partial.maxBurst === undefined && partial.maxMessagesPerSecond !== undefined) {
    limits.maxBurst = partial.maxMessagesPerSecond * 2;
  }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value < 1) throw new RangeError(`limit ${name} must be a positive number, got ${value}`);
  }
  return limits;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A token bucket: holds up to `burst` tokens, refills at `ratePerSecond`, each message takes one.
 * The clock is injected so tests can drive it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `count` tokens if there are enough; false means the caller is over the rate. */
  take(count = 1): boolean {
    const now = this.now();
    // A clock that steps back (a test, or a monotonic clock that never does) must not mint tokens.
    const elapsedMs = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs / 1000) * this.ratePerSecond);
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  get available(): number {
    return this.tokens;
  }
}
