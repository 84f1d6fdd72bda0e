/**
 * Registered peers by id, with a count per remote address for the per-IP bound.
 * A peer is registered from its OPEN until it leaves; at most one socket speaks for an id at a time.
 */
import type { WebSocket } from 'ws';
import type { TokenBucket } from './limits.js';

export interface PeerClient {
  readonly id: string;
  readonly token: string;
  socket: WebSocket;
  remoteAddress: string;
  /** When the last HEARTBEAT (or the registration) arrived; the alive check measures from here. */
  lastHeartbeatAt: number;
  readonly bucket: TokenBucket;
}

export class PeerRegistry {
  private readonly peers = new Map<string, PeerClient>();
  private readonly perAddress = new Map<string, number>();

  get size(): number {
    return this.peers.size;
  }

  get(id: string): PeerClient | undefined {
    return this.peers.get(id);
  }

  has(id: string): boolean {
    return this.peers.has(id);
  }

  ids(): string[] {
    return [...this.peers.keys()];
  }

  clients(): IterableIterator<PeerClient> {
    return this.peers.values();
  }

  countFrom(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  add(client: PeerClient): void {
    this.peers.set(client.id, client);
    this.perAddress.set(client.remoteAddress, this.countFrom(client.remoteAddress) + 1);
  }

  /** A reconnect moves an id to a new socket, possibly from a new address. */
  moveSocket(client: PeerClient, socket: WebSocket, remoteAddress: string): void {
    this.release(client.remoteAddress);
    client.socket = socket;
    client.remoteAddress = remoteAddress;
    this.perAddress.set(remoteAddress, this.countFrom(remoteAddress) + 1);
  }

  /**
   * Removes `id` only while `socket` still speaks for it: a late close event from a replaced socket must not
   * unregister the id's new socket (the stock server makes the same check in _configureWS).
   */
  remove(id: string, socket: WebSocket): PeerClient | undefined {
    const client = this.peers.get(id);
    if (!client || client.socket !== socket) return undefined;
    this.peers.delete(id);
    this.release(client.remoteAddress);
    return client;
  }

  clear(): void {
    this.peers.clear();
    this.perAddress.clear();
  }

  private release(address: string): void {
    const count = this.countFrom(address) - 1;
    if (count > 0) this.perAddress.set(address, count);
    else this.perAddress.delete(address);
  }
}
