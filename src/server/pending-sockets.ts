/**
 * TCP connections that are not (yet) a registered peer, counted per remote address from the moment they are
 * accepted: page loads, keep-alive sockets, WebSocket handshakes, and idle sockets that never send a byte.
 *
 * Why at the TCP level: the per-address cap on registered peers (maxConnectionsPerIp) never sees a socket that
 * stays silent, and 200 such sockets exhausted a 120-descriptor limit while /health failed without a word (issue 9).
 * A raw TCP socket and the TLS socket on top of it are the same connection: both are keyed by address and port.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { normalizeAddress } from './peer-sockets.js';

interface Entry {
  address: string;
  /** Set while an upgraded socket has until then to register. */
  deadline?: NodeJS.Timeout;
}

export class PendingSockets {
  private readonly perAddress = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private readonly refused = new WeakSet<object>();

  constructor(private readonly maxPerAddress: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Counts a newly accepted connection; false when its address already has the maximum (the caller refuses it). */
  admit(socket: Socket): boolean {
    const address = normalizeAddress(socket.remoteAddress);
    if ((this.perAddress.get(address) ?? 0) >= this.maxPerAddress) {
      this.refused.add(socket);
      return false;
    }
    const key = keyOf(socket);
    this.entries.set(key, { address });
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    socket.once('close', () => this.release(key));
    return true;
  }

  /** Refused at accept time: whatever the HTTP parser still makes of its bytes is ignored. */
  isRefused(socket: object): boolean {
    return this.refused.has(socket);
  }

  /** The connection registered as a peer: from now on the registered-peer caps apply to it instead. */
  registered(socket: Duplex | Socket): void {
    this.release(keyOf(socket as Socket));
  }

  /**
   * An upgraded socket leaves the HTTP server's timeouts behind; unless it registers within `ms`, `onTimeout`
   * runs (the caller cuts it). A socket that closes or registers first clears the timer.
   */
  expectRegistration(socket: Duplex | Socket, ms: number, onTimeout: () => void): void {
    const entry = this.entries.get(keyOf(socket as Socket));
    if (!entry) return;
    clearTimeout(entry.deadline);
    entry.deadline = setTimeout(() => {
      if (this.entries.get(keyOf(socket as Socket)) === entry) onTimeout();
    }, ms);
    entry.deadline.unref();
  }

  clear(): void {
    for (const entry of this.entries.values()) clearTimeout(entry.deadline);
    this.entries.clear();
    this.perAddress.clear();
  }

  private release(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    clearTimeout(entry.deadline);
    this.entries.delete(key);
    const left = (this.perAddress.get(entry.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(entry.address, left);
    else this.perAddress.delete(entry.address);
  }
}

function keyOf(socket: Pick<Socket, 'remoteAddress' | 'remotePort'>): string {
  return `${normalizeAddress(socket.remoteAddress)}|${socket.remotePort ?? ''}`;
}
