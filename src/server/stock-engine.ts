/**
 * `--engine stock`: the `peer` package's own server (1.0.2, ExpressPeerServer), so a team can check its flow against
 * the server it deploys, behind the same front as ours (origin and Host checks, per-address cap on unregistered
 * sockets, timeouts, /health, /metrics, the demo pages) and reported through the same events, as far as its
 * events allow: `connection`, `message`, `disconnect` and `error`.
 *
 * Three things the stock server does not do by itself, done here:
 * - Its `error` event has no listener by default, and an EventEmitter 'error' without one throws: one malformed
 *   frame (`null`, a bare string) would end the process. We listen.
 * - It starts two setTimeout chains (message expiry, every cleanup_out_msgs ms; dead-peer check, every 300 ms) that
 *   are never unref'd and cannot be stopped from outside, so a process embedding it never exits. We run its start-up
 *   with a setTimeout that unrefs and records every timer it starts, and every timer those timers' callbacks start
 *   (that is how both chains re-arm); close() clears them. Only the stock server's own code runs inside that window.
 * - It creates its WebSocketServer on the http server it is given; through its `createWebSocketServer` option we
 *   create it without a server (noServer), route upgrades ourselves and terminate every socket on close().
 * Everything else is the stock server unchanged: its protocol, its queues, its id rules (none), its 100 MiB frames.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { resolveLimits } from './limits.js';
import { ServerCounters, renderPrometheusText, type RejectReason, type ServerStats } from './metrics.js';
import { resolveTls } from './tls.js';
import { describeHost, pageInfoFor } from './addresses.js';
import { createEventReporter, type SignalingEventMap, type SignalingEvents } from './server-events.js';
import { DEFAULT_TIMEOUTS, startFront } from './http-front.js';
import { createOriginPolicy } from './origin-policy.js';
import { connectionTypeOf, isRelayedType, ServerErrorText } from './peerjs-protocol.js';
import { normalizeAddress } from './peer-sockets.js';
import {
  createServerErrorReporter, DEFAULT_ALIVE_TIMEOUT_MS, DEFAULT_EXPIRE_TIMEOUT_MS, DEFAULT_PORT, describeServer, normalizePath,
  type SignalingServer, type SignalingServerOptions,
} from './signaling-server.js';

/** The part of `peer`'s API used here (its own .d.ts pulls in express and cors types). */
interface StockClient {
  getId(): string;
  getSocket(): WebSocket | null;
}
interface StockApp {
  on(event: 'connection' | 'disconnect', listener: (client: StockClient) => void): void;
  on(event: 'message', listener: (client: StockClient, message: Record<string, unknown>) => void): void;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): void;
}
type ExpressPeerServer = (server: object, options: Record<string, unknown>) => StockApp;
/** An Express app, as far as mounting the stock one and handing it requests go. */
interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  use(app: unknown): void;
  disable(setting: string): void;
}

/**
 * The stock server starts when mounted in an Express app ('mount' event, peer's src/index.ts). Express is the
 * stock server's own dependency, not ours: load the copy it uses, from where it is installed.
 */
function loadStockExpress(): () => ExpressApp {
  const peerEntry = createRequire(import.meta.url).resolve('peer');
  return createRequire(peerEntry)('express') as () => ExpressApp;
}

export async function startStockSignalingServer(options: SignalingServerOptions): Promise<SignalingServer> {
  const { ExpressPeerServer } = (await import('peer')) as unknown as { ExpressPeerServer: ExpressPeerServer };
  const host = options.host ?? 'localhost';
  const path = normalizePath(options.path ?? '/');
  const key = options.key ?? 'peerjs';
  const limits = resolveLimits(options.limits);
  const tls = options.https ? await resolveTls(options.https, host) : null;
  const secure = tls !== null;
  const startedAt = performance.now();
  const events: SignalingEvents = new EventEmitter<SignalingEventMap>();
  const counters = new ServerCounters();
  const report = createEventReporter(events, () => counters.countError('listener'));
  const serverError = createServerErrorReporter(counters, report);

  // What the stock server's events do not say, from our side of its sockets.
  const requests = new WeakMap<WebSocket, IncomingMessage>();
  const connected = new Set<string>();
  const wss = new WebSocketServer({ noServer: true });
  const timers = new Set<NodeJS.Timeout>();
  const express = loadStockExpress();
  const parent = express();
  parent.disable('x-powered-by');
  const app = runOwningTimers(timers, () => {
    const peerApp = ExpressPeerServer({}, {
      key, path,
      allow_discovery: options.allowDiscovery ?? false,
      expire_timeout: options.expireTimeoutMs ?? DEFAULT_EXPIRE_TIMEOUT_MS,
      alive_timeout: options.aliveTimeoutMs ?? DEFAULT_ALIVE_TIMEOUT_MS,
      ...(options.limits?.maxPeers === undefined ? {} : { concurrent_limit: options.limits.maxPeers }),
      // CORS is the front's: only allowed origins get headers (the stock default reflects any origin).
      corsOptions: { origin: false },
      createWebSocketServer: () => wss,
    });
    parent.use(peerApp);
    return peerApp;
  });

  app.on('error', (error) => {
    counters.countError('socket');
    report.emit('socket-error', { id: null, remoteAddress: null, message: error.message, code: error.code ?? null, at: Date.now() });
  });
  app.on('connection', (client) => {
    const socket = client.getSocket();
    const req = socket ? requests.get(socket) : undefined;
    if (req) front.registered(req);
    const reconnected = connected.has(client.getId());
    connected.add(client.getId());
    counters.peersRegisteredTotal += reconnected ? 0 : 1;
    report.emit('peer-registered', {
      id: client.getId(), remoteAddress: normalizeAddress(req?.socket.remoteAddress), peers: connected.size, reconnected, queuedDelivered: 0, at: Date.now(),
    });
  });
  app.on('disconnect', (client) => {
    if (!connected.delete(client.getId())) return;
    report.emit('peer-left', { id: client.getId(), reason: 'closed', peers: connected.size, at: Date.now() });
  });
  app.on('message', (client, message) => {
    const type = message.type;
    if (typeof type !== 'string' || !isRelayedType(type)) return;
    const to = String(message.dst);
    counters.countRelayed(type);
    report.emit('relay', {
      type, from: client.getId(), to, bytes: Buffer.byteLength(JSON.stringify(message)),
      // 'message' is emitted before the stock handler delivers or queues it.
      delivery: connected.has(to) ? 'direct' : 'queued', connection: connectionTypeOf(message.payload), origin: 'peer', at: Date.now(),
    });
  });

  const stats = (): ServerStats => ({
    uptimeSeconds: Math.round(performance.now() - startedAt) / 1000,
    peers: connected.size,
    connections: wss.clients.size,
    pendingSockets: front.pendingSockets(),
    queuedMessages: 0,
    queuedBytes: 0,
    peersRegisteredTotal: counters.peersRegisteredTotal,
    relayed: { ...counters.relayed },
    errors: { ...counters.errors },
    rejected: { ...counters.rejected },
  });

  let closing = false;
  let port = options.port ?? DEFAULT_PORT;
  const wsPath = `${path}peerjs`;
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (closing || pathname !== wsPath) {
      counters.countError('upgrade');
      return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      requests.set(ws, req);
      reportRefusals(ws, req);
      wss.emit('connection', ws, req);
    });
  };
  // The stock server refuses by sending ERROR or ID-TAKEN and closing, without an event: read its first frame.
  const reportRefusals = (ws: WebSocket, req: IncomingMessage) => {
    const send = ws.send.bind(ws);
    ws.send = ((data: string, ...rest: unknown[]) => {
      ws.send = send;
      const first = parseFrame(data);
      if (first && (first.type === 'ERROR' || first.type === 'ID-TAKEN')) {
        const reason = first.type === 'ID-TAKEN' ? 'id-taken' : STOCK_ERROR_REASONS[first.msg] ?? 'invalid-parameters';
        counters.countRejected(reason);
        const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id');
        report.emit('client-rejected', { id, remoteAddress: normalizeAddress(req.socket.remoteAddress), reason, message: first.msg, at: Date.now() });
      }
      return (send as (...args: unknown[]) => void)(data, ...rest);
    }) as WebSocket['send'];
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(JSON.stringify({ status: 'ok', peers: connected.size, uptimeSeconds: stats().uptimeSeconds, engine: 'stock' }));
    }
    if (pathname === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(renderPrometheusText(stats()));
    }
    const info = pageInfoFor(req, { host: describeHost(host).clientHost, port, path, key, secure });
    try {
      if (options.pages?.(req, res, info)) return;
    } catch (error) {
      serverError('pages', error, 'demo page handler: ');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal Server Error\n');
      return;
    }
    parent(req, res, () => {
      if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found\n');
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

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      connected.clear();
      await front.close();
    })();
    return closed;
  };

  return {
    ...describeServer({ host, port, path, key, secure, addresses: front.addresses, certificate: tls?.info ?? null }),
    engine: 'stock',
    limits: Object.freeze({ ...limits }),
    names: policy.names,
    events,
    stats,
    close,
  };
}

/** The stock server's ERROR texts (its enums.ts `Errors`), as our refusal reasons. */
const STOCK_ERROR_REASONS: Record<string, RejectReason> = {
  [ServerErrorText.invalidParameters]: 'invalid-parameters',
  [ServerErrorText.invalidKey]: 'invalid-key',
  [ServerErrorText.invalidToken]: 'invalid-token',
  [ServerErrorText.serverFull]: 'server-full',
};

/**
 * Runs `fn` with a setTimeout that unrefs every timer and records it in `owned` until it fires; a timer's callback
 * runs the same way, so chains that re-arm themselves stay owned. The global is restored before `fn` returns: only
 * code running synchronously inside `fn` or inside an owned callback is affected.
 */
export function runOwningTimers<T>(owned: Set<NodeJS.Timeout>, fn: () => T): T {
  const real = globalThis.setTimeout;
  const owning = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout => {
    const timer: NodeJS.Timeout = real(() => {
      owned.delete(timer);
      runOwningTimers(owned, () => callback(...args));
    }, ms);
    timer.unref();
    owned.add(timer);
    return timer;
  };
  globalThis.setTimeout = owning as typeof setTimeout;
  try {
    return fn();
  } finally {
    globalThis.setTimeout = real;
  }
}

function parseFrame(data: unknown): { type: unknown; msg: string } | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as { type?: unknown; payload?: { msg?: unknown } };
    return { type: frame.type, msg: typeof frame.payload?.msg === 'string' ? frame.payload.msg : '' };
  } catch {
    return null;
  }
}

