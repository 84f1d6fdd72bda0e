/**
 * The bounds that keep one client from taking the server down, with their defaults and why they are sized so.
 * The stock PeerJS server bounds only the number of peers (concurrent_limit 5000); everything else grows freely.
 */

export interface ServerLimits {
  /**
   * Largest WebSocket message accepted, in bytes. A bigger frame gets an ERROR saying so, then its socket is closed
   * with 1009. A Chromium offer for audio and video is ~6 KiB and each candidate ~0.3 KiB (measured:
   * scripts/measure-signaling.mjs), but PeerJS puts `connect(id, { metadata })` inside the OFFER, so the default
   * leaves room for large metadata: 16 MiB. The stock server's transport (ws) allows 100 MiB, our upper bound.
   */
  maxPayloadBytes: number;
  /**
   * Messages held for one destination that has not connected yet. One data connection is an OFFER and ~5 CANDIDATEs
   * (a media call ~13), so 1,000 holds a page opening 100 connections to a peer that is still loading.
   */
  maxQueuedPerPeer: number;
  /** Messages held for all absent destinations together. */
  maxQueuedTotal: number;
  /** Bytes held for all absent destinations together (10,000 offers of 64 KiB would be 640 MB; this caps it). */
  maxQueuedBytes: number;
  /**
   * Sustained messages per second per connection (token bucket). A PeerJS page opening 100 data connections at once
   * sent 596 frames in 268 ms with STUN and TURN candidates (scripts/measure-signaling.mjs); machines with more
   * interfaces send more candidates. 1,000/s with bursts of 10,000 is far above that and still stops a looping client.
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
   * relayed messages pile up in the server's memory. Twice maxPayloadBytes by default, so one large message
   * on its way never counts as a stalled reader.
   */
  maxBufferedBytesPerPeer: number;
  /**
   * TCP connections from one address that are not (yet) a registered peer: page loads, keep-alive sockets,
   * WebSocket handshakes, and idle sockets that never send a byte. Counted when the connection is accepted, so
   * idle sockets cannot exhaust the process's file descriptors; a browser keeps at most 6 per host plus its
   * handshakes. Beyond it the connection gets a 503 saying why and is closed.
   */
  maxPendingSocketsPerIp: number;
}

export const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxPayloadBytes: 16 * MIB,
  maxQueuedPerPeer: 1000,
  maxQueuedTotal: 10_000,
  maxQueuedBytes: 16 * MIB,
  maxMessagesPerSecond: 1000,
  maxBurst: 10_000,
  maxConnectionsPerIp: 10_000,
  maxPeers: 20_000,
  maxBufferedBytesPerPeer: 32 * MIB,
  maxPendingSocketsPerIp: 256,
});

/**
 * The smallest values that can still serve one PeerJS client, measured with Chromium and PeerJS 1.5.5
 * (scripts/measure-signaling.mjs): a media call's OFFER is ~6 KiB and it sends ~13 frames at once. Below these a
 * limit refuses legitimate clients, so `rtcdemo serve` refuses the flag instead (exit 2).
 */
export const LIMIT_FLOORS = Object.freeze({
  maxPayloadBytes: 16 * 1024,
  maxBurst: 20,
  maxQueuedPerPeer: 20,
  maxQueuedBytes: 16 * 1024,
  /** ws's own transport limit, which the stock server uses unchanged. */
  maxPayloadCeiling: 100 * MIB,
});

/**
 * Fills in defaults. A burst smaller than one second's rate would make the rate unreachable, so a given rate
 * without a burst gets ten seconds' worth (the default ratio); a given payload bound without a buffer bound gets
 * twice the payload.
 */
export function resolveLimits(partial: Partial<ServerLimits> = {}): ServerLimits {
  const limits = { ...DEFAULT_LIMITS, ...stripUndefined(partial) };
  if (partial.maxBurst === undefined && partial.maxMessagesPerSecond !== undefined) {
    limits.maxBurst = partial.maxMessagesPerSecond * 10;
  }
  if (partial.maxBufferedBytesPerPeer === undefined && partial.maxPayloadBytes !== undefined) {
    limits.maxBufferedBytesPerPeer = Math.max(DEFAULT_LIMITS.maxBufferedBytesPerPeer, partial.maxPayloadBytes * 2);
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
