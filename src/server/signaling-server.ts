/**
 * rtcdemo's PeerJS signaling server: the stock protocol (peer 1.0.2) on `ws` + node:http, with bounds, events,
 * metrics and a close() that really ends it. Why not wrap `peer`'s ExpressPeerServer: its timers are never
 * unref'd nor stopped and its sockets are not tracked, so a process that embeds it cannot exit cleanly, and
 * nothing in it bounds queues, rates or frame sizes.
 *
 * Never prints: it reports through `events` and `stats()`; `rtcdemo serve` renders them.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { resolveLimits, type ServerLimits } from './limits.js';
import { MessageQueues } from './message-queues.js';
import { PeerRegistry } from './peer-registry.js';
import { PeerSockets } from './peer-sockets.js';
import { Relay } from './relay.js';
import { ServerCounters, type ErrorKind, type ServerStats } from './metrics.js';
import { createRequestHandler, type PageRequestInfo, type PagesHandler } from './http-routes.js';
import { resolveTls, type CertificateInfo, type HttpsOption } from './tls.js';
import { describeHost, pageInfoFor } from './addresses.js';
import { createEventReporter, type SignalingEventMap, type SignalingEvents } from './server-events.js';
import { DEFAULT_TIMEOUTS, startFront, type ServerTimeouts } from './http-front.js';
import { createOriginPolicy } from './origin-policy.js';

/** rtcdemo's own server (the default), or the stock `peer` 1.0.2 PeerServer behind the same front. */
export type SignalingEngine = 'rtcdemo' | 'stock';
export const SIGNALING_ENGINES: readonly SignalingEngine[] = ['rtcdemo', 'stock'];

export interface SignalingServerOptions {
  /** Default 9000; 0 lets the OS pick a free port. */
  port?: number;
  /** Default 'localhost' (127.0.0.1 and ::1). '0.0.0.0' or '::' make it reachable from the network. */
  host?: string;
  /** PeerJS `path`, default '/'. A missing leading or trailing slash is added, as the PeerJS client does. */
  path?: string;
  /** PeerJS `key`, default 'peerjs'. */
  key?: string;
  /** Answer `${path}${key}/peers` with the ids of all peers (default false → 401, as the stock server). */
  allowDiscovery?: boolean;
  https?: HttpsOption;
  limits?: Partial<ServerLimits>;
  /** Default 5000 ms (stock `expire_timeout`): how long messages wait for a peer that has not connected. */
  expireTimeoutMs?: number;
  /** Default 60000 ms: a peer without a HEARTBEAT for this long is dropped (PeerJS sends one every 5 s). */
  aliveTimeoutMs?: number;
  /** Serves the demo pages on the same HTTP server; asked after the PeerJS routes. */
  pages?: PagesHandler;
  /**
   * Origins whose pages may use this server besides its own and localhost's (http://host:port, 'null', or '*' for
   * any, which also turns the Host check off). See origin-policy.ts.
   */
  allowOrigins?: readonly string[];
  timeouts?: Partial<ServerTimeouts>;
  /** Default 'rtcdemo'. 'stock' runs the `peer` package's server (stock-engine.ts); `limits` then only bound the front. */
  engine?: SignalingEngine;
}

export interface SignalingServer {
  /** The URL a person types on this machine: http://localhost:9000/ */
  url: string;
  /** Other machines' URLs when bound to all interfaces (http://192.168.1.5:9000/), else empty. */
  networkUrls: string[];
  /** The host PeerJS clients on this machine use ('localhost' when bound to all interfaces). */
  host: string;
  port: number;
  path: string;
  key: string;
  secure: boolean;
  /** What is actually bound: ["127.0.0.1:9000", "[::1]:9000"]. */
  addresses: string[];
  /** Set when serving HTTPS. */
  certificate: CertificateInfo | null;
  engine: SignalingEngine;
  limits: Readonly<ServerLimits>;
  /** The names the server answers to (Host check), from the origin policy. */
  names: readonly string[];
  events: SignalingEvents;
  stats(): ServerStats;
  /** Terminates every socket, closes the listeners and stops the timers; idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 9000;
export const DEFAULT_EXPIRE_TIMEOUT_MS = 5000;
export const DEFAULT_ALIVE_TIMEOUT_MS = 60_000;

export async function startSignalingServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  if (options.engine === 'stock') return (await import('./stock-engine.js')).startStockSignalingServer(options);
  if (options.engine !== undefined && options.engine !== 'rtcdemo') throw new RangeError(`unknown signaling engine "${String(options.engine)}"`);
  const host = options.host ?? 'localhost';
  const path = normalizePath(options.path ?? '/');
  const key = options.key ?? 'peerjs';
  const limits = resolveLimits(options.limits);
  const expireTimeoutMs = options.expireTimeoutMs ?? DEFAULT_EXPIRE_TIMEOUT_MS;
  const aliveTimeoutMs = options.aliveTimeoutMs ?? DEFAULT_ALIVE_TIMEOUT_MS;
  const tls = options.https ? await resolveTls(options.https, host) : null;
  const secure = tls !== null;
  const startedAt = performance.now();

  const events: SignalingEvents = new EventEmitter<SignalingEventMap>();
  const registry = new PeerRegistry();
  const counters = new ServerCounters();
  const report = createEventReporter(events, () => counters.countError('listener'));
  const queues = new MessageQueues({ maxPerPeer: limits.maxQueuedPerPeer, maxTotal: limits.maxQueuedTotal, maxBytes: limits.maxQueuedBytes });
  const relay: Relay = new Relay({
    registry, queues, counters, events: report,
    maxBufferedBytesPerPeer: limits.maxBufferedBytesPerPeer,
    // The relay finds dead destinations; the sockets' owner unregisters and cuts them.
    dropPeer: (client, why) => sockets.dropPeer(client, why),
  });
  const sockets: PeerSockets = new PeerSockets({
    key, limits, registry, counters, events: report, relay,
    onRegistered: (req) => front.registered(req),
  });
  // noServer: we route upgrades ourselves so a wrong path gets a plain 400 and one WebSocketServer serves
  // both the IPv4 and the IPv6 listener. perMessageDeflate stays off (the ws default): signaling frames are small
  // and compression is a known memory cost per socket.
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: limits.maxPayloadBytes });
  const wsPath = `${path}peerjs`; // the client connects to `${path}peerjs?key=…` (peerjs lib/socket.ts)

  const stats = (): ServerStats => ({
    uptimeSeconds: Math.round(performance.now() - startedAt) / 1000,
    peers: registry.size,
    connections: sockets.sockets.size,
    pendingSockets: front.pendingSockets(),
    queuedMessages: queues.messageCount,
    queuedBytes: queues.byteCount,
    peersRegisteredTotal: counters.peersRegisteredTotal,
    relayed: { ...counters.relayed },
    errors: { ...counters.errors },
    rejected: { ...counters.rejected },
  });
  const serverError = createServerErrorReporter(counters, report);

  let closing = false;
  let port = options.port ?? DEFAULT_PORT;
  const onRequest = createRequestHandler({
    path, key, allowDiscovery: options.allowDiscovery ?? false, registry, stats, pages: options.pages,
    pageInfo: (req: IncomingMessage): PageRequestInfo => pageInfoFor(req, { host: describeHost(host).clientHost, port, path, key, secure }),
    onPagesError: (error) => serverError('pages', error, 'demo page handler: '),
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until the handshake completes nobody else listens for this socket's errors; after it, PeerSockets does.
    const onHandshakeError = (error: Error) => serverError('upgrade', error);
    socket.on('error', onHandshakeError);
    const pathname = (req.url ?? '').split('?')[0];
    if (closing || pathname !== wsPath) {
      counters.countError('upgrade');
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onHandshakeError);
      try {
        sockets.accept(ws, req);
      } catch (error) {
        serverError('internal', error, 'while accepting a WebSocket: ');
        ws.terminate();
      }
    });
  };
  const policy = createOriginPolicy({ host, secure, allowOrigins: options.allowOrigins });
  const front = await startFront({
    host, port, tls, counters, events: report, serverError, onRequest, onUpgrade, policy,
    maxPendingSocketsPerIp: limits.maxPendingSocketsPerIp,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
  });
  port = front.port;
  wss.on('error', (error) => serverError('server', error));

  // One timer does both sweeps; its period follows the shorter timeout so tests with small timeouts stay quick.
  const sweepMs = Math.max(20, Math.min(1000, Math.floor(Math.min(expireTimeoutMs, aliveTimeoutMs) / 5)));
  const sweep = setInterval(() => {
    try {
      relay.expire(expireTimeoutMs);
      sockets.checkAlive(aliveTimeoutMs);
    } catch (error) {
      serverError('internal', error, 'during the expiry and heartbeat sweep: ');
    }
  }, sweepMs);
  sweep.unref();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      clearInterval(sweep);
      sockets.closeAll();
      queues.clear();
      wss.close();
      await front.close();
    })();
    return closed;
  };

  return {
    ...describeServer({ host, port, path, key, secure, addresses: front.addresses, certificate: tls?.info ?? null }),
    engine: 'rtcdemo',
    limits: Object.freeze({ ...limits }),
    names: policy.names,
    events,
    stats,
    close,
  };
}

/** The parts of a SignalingServer that say where it is, for either engine. */
export function describeServer(where: { host: string; port: number; path: string; key: string; secure: boolean; addresses: string[]; certificate: CertificateInfo | null }) {
  const described = describeHost(where.host);
  const scheme = where.secure ? 'https' : 'http';
  return {
    url: `${scheme}://${described.urlHost}:${where.port}/`,
    networkUrls: described.networkHosts.map((h) => `${scheme}://${h}:${where.port}/`),
    host: described.clientHost,
    port: where.port,
    path: where.path,
    key: where.key,
    secure: where.secure,
    addresses: where.addresses,
    certificate: where.certificate,
  };
}

/**
 * Client-side trouble (bad HTTP, failed TLS handshakes, aborted upgrades) is only counted: it is routine on any open
 * port. Trouble on our side is also reported.
 */
export function createServerErrorReporter(counters: ServerCounters, report: ReturnType<typeof createEventReporter>) {
  return (kind: Extract<ErrorKind, 'server' | 'http-client' | 'tls' | 'upgrade' | 'pages' | 'internal'>, error: unknown, context = '') => {
    counters.countError(kind);
    if (kind !== 'server' && kind !== 'pages' && kind !== 'internal') return;
    const err = error as (Error & { code?: string }) | undefined;
    report.emit('server-error', { message: `${context}${err?.message ?? String(error)}`, code: err?.code ?? null, at: Date.now() });
  };
}

/** PeerJS adds a leading and trailing slash to `path` (lib/peer.ts constructor); so do we. */
export function normalizePath(path: string): string {
  const withLeading = path.startsWith('/') ? path : `/${path}`;
  return withLeading.endsWith('/') ? withLeading : `${withLeading}/`;
}
