/**
 * rtcdemo's PeerJS signaling server: the stock protocol (peer 1.0.2) on `ws` + node:http, with bounds, events,
 * metrics and a close() that really ends it. Why not wrap `peer`'s ExpressPeerServer: its timers are never
 * unref'd nor stopped and its sockets are not tracked, so a process that embeds it cannot exit cleanly, and
 * nothing in it bounds queues, rates or frame sizes.
 *
 * Never prints: it reports through `events` and `stats()`; `rtcdemo serve` renders them.
 */
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { resolveLimits, type ServerLimits } from './limits.js';
import { MessageQueues } from './message-queues.js';
import { PeerRegistry } from './peer-registry.js';
import { PeerSockets } from './peer-sockets.js';
import { Relay } from './relay.js';
import { ServerCounters, type ServerStats } from './metrics.js';
import { createRequestHandler, type PageRequestInfo, type PagesHandler } from './http-routes.js';
import { closeServer, listenAll } from './listen.js';
import { resolveTls, type CertificateInfo, type HttpsOption } from './tls.js';
import { describeHost, pageInfoFor } from './addresses.js';
import { createEventReporter, type SignalingEventMap, type SignalingEvents } from './server-events.js';

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
  limits: Readonly<ServerLimits>;
  events: SignalingEvents;
  stats(): ServerStats;
  /** Terminates every socket, closes the listeners and stops the timers; idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 9000;
export const DEFAULT_EXPIRE_TIMEOUT_MS = 5000;
export const DEFAULT_ALIVE_TIMEOUT_MS = 60_000;

export async function startSignalingServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
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
  const sockets = new PeerSockets({ key, limits, registry, counters, events: report, relay });
  // noServer: we route upgrades ourselves so a wrong path gets a plain 400 and one WebSocketServer serves
  // both the IPv4 and the IPv6 listener. perMessageDeflate stays off (the ws default): signaling frames are small
  // and compression is a known memory cost per socket.
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: limits.maxPayloadBytes });
  const wsPath = `${path}peerjs`; // the client connects to `${path}peerjs?key=…` (peerjs lib/socket.ts)

  const stats = (): ServerStats => ({
    uptimeSeconds: Math.round(performance.now() - startedAt) / 1000,
    peers: registry.size,
    connections: sockets.sockets.size,
    queuedMessages: queues.messageCount,
    queuedBytes: queues.byteCount,
    peersRegisteredTotal: counters.peersRegisteredTotal,
    relayed: { ...counters.relayed },
    errors: { ...counters.errors },
    rejected: { ...counters.rejected },
  });
  // Client-side trouble (bad HTTP, failed TLS handshakes, aborted upgrades) is only counted: it is routine on
  // any open port. Trouble on our side is also reported.
  const serverError = (kind: 'server' | 'http-client' | 'tls' | 'upgrade' | 'pages' | 'internal', error: unknown, context = '') => {
    counters.countError(kind);
    if (kind !== 'server' && kind !== 'pages' && kind !== 'internal') return;
    const err = error as (Error & { code?: string }) | undefined;
    report.emit('server-error', { message: `${context}${err?.message ?? String(error)}`, code: err?.code ?? null, at: Date.now() });
  };

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
  const createServer = (): Server => {
    const server = tls ? (createHttpsServer({ cert: tls.cert, key: tls.key }) as unknown as Server) : createHttpServer();
    server.on('request', (req, res) => {
      try {
        onRequest(req, res);
      } catch (error) {
        serverError('internal', error, `while answering ${req.method} ${req.url}: `);
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal Server Error\n');
      }
    });
    server.on('upgrade', onUpgrade);
    // With a listener, Node leaves the reply to us; send what it would (400) and count it.
    server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
      serverError('http-client', error);
      if (socket.writable && error.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    server.on('tlsClientError', (error: Error) => serverError('tls', error));
    return server;
  };

  const bound = await listenAll(createServer, host, port);
  port = bound.port;
  // Errors after listen (EMFILE on accept, …) are reported, never thrown: one bad moment must not end the server.
  for (const server of bound.servers) server.on('error', (error) => serverError('server', error));
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
      await Promise.all(bound.servers.map((server) => closeServer(server)));
    })();
    return closed;
  };

  const described = describeHost(host);
  const scheme = secure ? 'https' : 'http';
  return {
    url: `${scheme}://${described.urlHost}:${port}/`,
    networkUrls: described.networkHosts.map((h) => `${scheme}://${h}:${port}/`),
    host: described.clientHost,
    port,
    path,
    key,
    secure,
    addresses: bound.addresses,
    certificate: tls?.info ?? null,
    limits: Object.freeze({ ...limits }),
    events,
    stats,
    close,
  };
}

/** PeerJS adds a leading and trailing slash to `path` (lib/peer.ts constructor); so do we. */
export function normalizePath(path: string): string {
  const withLeading = path.startsWith('/') ? path : `/${path}`;
  return withLeading.endsWith('/') ? withLeading : `${withLeading}/`;
}
