/**
 * The life of one PeerJS WebSocket: checked on arrival, registered (OPEN), heard (HEARTBEAT, relayed messages),
 * and dropped, whether it closes, times out, leaves or breaks a rule.
 *
 * Arrival follows the stock server (https://github.com/peers/peerjs-server/blob/master/src/services/webSocketServer/index.ts):
 * missing parameters or a wrong key → ERROR and close; an id held by another token → ID-TAKEN and close.
 * Where it is lenient we are strict: a frame that is not PeerJS, too big, too fast or binary closes that socket
 * after an ERROR saying why, and nobody else notices.
 */
import type { IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import { TokenBucket, type ServerLimits } from './limits.js';
import { ID_TAKEN_TEXT, MessageType, ServerErrorText, parseClientMessage, parseConnectParams, serializeError } from './peerjs-protocol.js';
import type { PeerClient, PeerRegistry } from './peer-registry.js';
import type { Relay } from './relay.js';
import type { RejectReason, ServerCounters } from './metrics.js';
import type { PeerLeftReason, EventReporter } from './server-events.js';

export interface PeerSocketsDeps {
  key: string;
  /** Told when a socket becomes a registered peer, so the per-address cap on unregistered sockets lets it go. */
  onRegistered(req: IncomingMessage): void;
  limits: ServerLimits;
  registry: PeerRegistry;
  counters: ServerCounters;
  events: EventReporter;
  relay: Relay;
}

/** A refused socket gets this long to answer our close frame before it is cut (ws would wait 30 s). */
const REFUSED_CLOSE_GRACE_MS = 1000;

export class PeerSockets {
  /** Every open WebSocket, registered or not, so close() can terminate them all. */
  readonly sockets = new Set<WebSocket>();
  private readonly graceTimers = new Set<NodeJS.Timeout>();
  private closing = false;

  constructor(private readonly deps: PeerSocketsDeps) {}

  accept(ws: WebSocket, req: IncomingMessage): void {
    const remoteAddress = normalizeAddress(req.socket.remoteAddress);
    let client: PeerClient | undefined;
    this.sockets.add(ws);
    // An 'error' without a listener would throw and take the process down; listen before anything else.
    // ws emits its own protocol errors (WS_ERR_*) on the WebSocket but swallows the TCP socket's (ECONNRESET…),
    // so listen on both.
    const onError = (error: Error & { code?: string }) => this.onSocketError(client, ws, remoteAddress, error);
    ws.on('error', onError);
    req.socket.on('error', onError);
    this.explainOversizedFrames(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      if (client && !this.closing) this.removePeer(client, ws, 'closed');
    });
    const query = (req.url ?? '').split('?').slice(1).join('?');
    const params = parseConnectParams(query, this.deps.key);
    if (!params.ok) return this.refuse(ws, remoteAddress, null, params.reason, params.message);
    const { registry, limits, counters } = this.deps;
    const existing = registry.get(params.id);
    if (existing && existing.token !== params.token) {
      return this.refuse(ws, remoteAddress, params.id, 'id-taken', ID_TAKEN_TEXT, MessageType.idTaken);
    }
    if (existing) {
      // The same client on a new socket while its old one lingers (a network change). The stock server swaps
      // sockets but sends no OPEN, which leaves a reconnecting client waiting forever; we swap and say OPEN.
      const old = existing.socket;
      registry.moveSocket(existing, ws, remoteAddress);
      this.closeSoon(old, 1000, 'replaced by a new connection');
      client = existing;
    } else {
      if (registry.size >= limits.maxPeers) return this.refuse(ws, remoteAddress, params.id, 'server-full', ServerErrorText.serverFull);
      if (registry.countFrom(remoteAddress) >= limits.maxConnectionsPerIp) {
        return this.refuse(ws, remoteAddress, params.id, 'too-many-from-address', `${ServerErrorText.tooManyFromAddress} (limit ${limits.maxConnectionsPerIp})`);
      }
      client = {
        id: params.id,
        token: params.token,
        socket: ws,
        remoteAddress,
        lastHeartbeatAt: Date.now(),
        bucket: new TokenBucket(limits.maxMessagesPerSecond, limits.maxBurst),
      };
      registry.add(client);
      counters.peersRegisteredTotal += 1;
    }
    this.deps.onRegistered(req);
    const registered = client;
    registered.lastHeartbeatAt = Date.now();
    ws.on('message', (data, isBinary) => this.onMessage(registered, ws, data, isBinary));
    ws.send(JSON.stringify({ type: MessageType.open }));
    this.deps.events.emit('peer-registered', {
      id: registered.id,
      remoteAddress,
      peers: registry.size,
      reconnected: existing !== undefined,
      queuedDelivered: this.deps.relay.pendingFor(registered.id),
      at: Date.now(),
    });
    this.deps.relay.flush(registered);
  }

  /** Unregisters a destination the relay could not deliver to, and cuts its socket. */
  dropPeer(client: PeerClient, why: 'gone' | 'slow-consumer'): void {
    if (why === 'slow-consumer') {
      this.reject(client, 'slow-consumer', `socket send buffer above ${this.deps.limits.maxBufferedBytesPerPeer} bytes`);
      client.socket.terminate();
    } else {
      this.removePeer(client, client.socket, 'closed');
    }
  }

  /** Drops peers whose last HEARTBEAT is older than `aliveTimeoutMs` (stock: services/checkBrokenConnections). */
  checkAlive(aliveTimeoutMs: number): void {
    const now = Date.now();
    const stale = [...this.deps.registry.clients()].filter((c) => now - c.lastHeartbeatAt >= aliveTimeoutMs);
    for (const client of stale) {
      this.removePeer(client, client.socket, 'timeout');
      // A peer that stopped sending heartbeats will not answer a close handshake either.
      client.socket.terminate();
    }
  }

  closeAll(): void {
    this.closing = true;
    for (const timer of this.graceTimers) clearTimeout(timer);
    this.graceTimers.clear();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.deps.registry.clear();
  }

  private onMessage(client: PeerClient, ws: WebSocket, data: RawData, isBinary: boolean): void {
    const { registry, limits, counters, events } = this.deps;
    // Frames already in flight from a replaced or dropped socket speak for nobody.
    if (client.socket !== ws || registry.get(client.id) !== client) return;
    try {
      if (!client.bucket.take()) {
        return this.disconnect(client, 'rate-limited', `${ServerErrorText.rateLimited}: the limit is ${limits.maxMessagesPerSecond}/s with bursts of ${limits.maxBurst} (rtcdemo serve --max-rate, --max-burst)`);
      }
      if (isBinary) return this.disconnect(client, 'binary-frame', ServerErrorText.binaryFrame, 1003);
      const parsed = parseClientMessage(rawDataToString(data));
      if (!parsed.ok) return this.disconnect(client, 'malformed-message', `${ServerErrorText.invalidMessage}: ${parsed.error}`);
      const message = parsed.message;
      if (message.kind === 'heartbeat') {
        client.lastHeartbeatAt = Date.now();
      } else if (message.kind === 'leave-server') {
        this.removePeer(client, ws, 'leave');
        ws.close(1000);
      } else {
        this.deps.relay.relay(message.type, client.id, message.dst, message.payload);
      }
    } catch (error) {
      // A bug (or a throwing event listener) costs this client its connection, never the process.
      counters.countError('internal');
      events.emit('server-error', { message: `while handling a message from ${client.id}: ${errorMessage(error)}`, code: null, at: Date.now() });
      this.removePeer(client, ws, 'closed');
      this.closeSoon(ws, 1011, '', serializeError(ServerErrorText.internal));
    }
  }

  private onSocketError(client: PeerClient | undefined, ws: WebSocket, remoteAddress: string, error: Error & { code?: string }): void {
    const code = error.code ?? null;
    if (code?.startsWith('WS_ERR_')) {
      // ws found a frame it cannot accept (too big, bad UTF-8, bad opcode) and is already closing with the right
      // status code (1009, 1007, 1002); for 1009 the ERROR went out just before (explainOversizedFrames).
      const tooLarge = code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
      const reason: RejectReason = tooLarge ? 'payload-too-large' : 'protocol-violation';
      const message = tooLarge ? this.payloadTooLargeText() : error.message;
      if (client && this.deps.registry.get(client.id)?.socket === ws) this.reject(client, reason, message);
      else this.countRejection(client?.id ?? null, remoteAddress, reason, message);
      this.closeSoon(ws, 1002, '');
      return;
    }
    this.deps.counters.countError('socket');
    this.deps.events.emit('socket-error', { id: client?.id ?? null, remoteAddress, message: error.message, code, at: Date.now() });
  }

  /**
   * ws refuses a frame above maxPayload by closing with 1009 before it tells anyone (receiverOnError calls
   * `websocket.close(1009)`, then emits 'error': https://github.com/websockets/ws/blob/8.18.3/lib/websocket.js#L1182),
   * and a closing socket can no longer send. So the close itself is wrapped: the ERROR saying why goes out first,
   * while the socket is still open, and the PeerJS client reports it (`peer.on('error')`, type server-error).
   */
  private explainOversizedFrames(ws: WebSocket): void {
    const close = ws.close.bind(ws);
    ws.close = (code?: number, reason?: string | Buffer) => {
      if (code === 1009 && ws.readyState === WebSocket.OPEN) ws.send(serializeError(this.payloadTooLargeText()));
      close(code, reason);
    };
  }

  private payloadTooLargeText(): string {
    return `${ServerErrorText.payloadTooLarge}: the limit is ${this.deps.limits.maxPayloadBytes} bytes per message (rtcdemo serve --max-payload)`;
  }

  /** Breaks the connection of a registered peer that broke a rule: ERROR saying why, then close. */
  private disconnect(client: PeerClient, reason: RejectReason, message: string, code = 1008): void {
    this.reject(client, reason, message);
    this.closeSoon(client.socket, code, '', serializeError(message));
  }

  private reject(client: PeerClient, reason: RejectReason, message: string): void {
    this.countRejection(client.id, client.remoteAddress, reason, message);
    this.removePeer(client, client.socket, 'rejected');
  }

  private refuse(ws: WebSocket, remoteAddress: string, id: string | null, reason: RejectReason, message: string, type: string = MessageType.error): void {
    this.countRejection(id, remoteAddress, reason, message);
    this.closeSoon(ws, 1008, '', JSON.stringify({ type, payload: { msg: message } }));
  }

  private countRejection(id: string | null, remoteAddress: string, reason: RejectReason, message: string): void {
    this.deps.counters.countRejected(reason);
    this.deps.events.emit('client-rejected', { id, remoteAddress, reason, message, at: Date.now() });
  }

  private removePeer(client: PeerClient, socket: WebSocket, reason: PeerLeftReason): void {
    if (!this.deps.registry.remove(client.id, socket)) return;
    this.deps.events.emit('peer-left', { id: client.id, reason, peers: this.deps.registry.size, at: Date.now() });
  }

  /** Sends `last` (if the socket is open), starts the close handshake, and cuts the socket if it does not finish. */
  private closeSoon(ws: WebSocket, code: number, reason: string, last?: string): void {
    if (ws.readyState === WebSocket.OPEN) {
      if (last !== undefined) ws.send(last);
      ws.close(code, reason);
    }
    if (ws.readyState === WebSocket.CLOSED) return;
    const timer = setTimeout(() => {
      this.graceTimers.delete(timer);
      ws.terminate();
    }, REFUSED_CLOSE_GRACE_MS);
    timer.unref();
    this.graceTimers.add(timer);
    ws.once('close', () => {
      clearTimeout(timer);
      this.graceTimers.delete(timer);
    });
  }
}

/** Peers on IPv4 reach a dual-stack socket as ::ffff:a.b.c.d; count them under their IPv4 address. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function rawDataToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
