/**
 * The HTTP(S) listeners in front of either engine (rtcdemo's or the stock `peer` server): they bind, check every
 * request and WebSocket upgrade against the origin policy, set CORS headers for allowed origins only, cap the
 * connections one address may hold open before registering, and time out slow or idle clients. What passes is
 * handed to the engine; what does not gets a short text saying why (HTTP 403/408/503) and an event for the log.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { closeServer, listenAll } from './listen.js';
import { normalizeAddress } from './peer-sockets.js';
import { PendingSockets } from './pending-sockets.js';
import type { OriginPolicy } from './origin-policy.js';
import type { ErrorKind, RejectReason, ServerCounters } from './metrics.js';
import type { EventReporter } from './server-events.js';
import type { TlsFiles } from './tls.js';

export interface ServerTimeouts {
  /** The request line and headers must arrive within this (Node's default is 60 s, checked every 30 s). */
  headersTimeoutMs: number;
  /** The whole request must arrive within this (Node's default is 300 s). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (Node's default, kept: browsers reuse within it). */
  keepAliveTimeoutMs: number;
  /** A socket upgraded to WebSocket that has not registered as a peer by then is cut. */
  upgradeRegisterTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<ServerTimeouts> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  upgradeRegisterTimeoutMs: 10_000,
});

export type FrontErrorKind = Extract<ErrorKind, 'server' | 'http-client' | 'tls' | 'internal'>;

export interface FrontOptions {
  host: string;
  port: number;
  tls: TlsFiles | null;
  policy: OriginPolicy;
  maxPendingSocketsPerIp: number;
  timeouts: ServerTimeouts;
  counters: ServerCounters;
  events: EventReporter;
  serverError(kind: FrontErrorKind, error: unknown, context?: string): void;
  /** A request that passed the checks; CORS headers are already set on `res`. */
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  /** An upgrade that passed the checks; the engine completes or refuses the handshake. */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface Front {
  servers: Server[];
  port: number;
  addresses: string[];
  /** Connections not (yet) registered as peers. */
  pendingSockets(): number;
  /** The connection behind `req` registered as a peer. */
  registered(req: IncomingMessage): void;
  /** Stops accepting and closes the listeners; the engine terminates its WebSockets first. */
  close(): Promise<void>;
}

/** Preflights may ask for these; PeerJS only GETs (lib/api.ts). */
const CORS_PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};
/** A flood of refusals from one address is one log line per second (each is still counted in /metrics). */
const REPORT_INTERVAL_MS = 1000;

export async function startFront(options: FrontOptions): Promise<Front> {
  const { policy, timeouts } = options;
  const pending = new PendingSockets(options.maxPendingSocketsPerIp);
  const reportRefusal = createRefusalReporter(options);
  let closing = false;

  const onConnection = (socket: Socket) => {
    socket.on('error', () => {}); // a reset before the HTTP parser takes over is not our error
    if (closing || pending.admit(socket)) return;
    const message = `Too many open connections from your address: the limit is ${options.maxPendingSocketsPerIp} before registering as a peer (rtcdemo serve --max-pending-sockets-per-ip)`;
    reportRefusal(normalizeAddress(socket.remoteAddress), 'too-many-pending-sockets', message);
    // Under TLS nothing readable can be said before the handshake; plain HTTP gets the reason.
    if (options.tls) socket.destroy();
    else socket.end(httpResponse(503, 'Service Unavailable', message), () => socket.destroy());
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (pending.isRefused(req.socket)) return void req.socket.destroy();
    res.on('error', () => {}); // a client that hangs up mid-response is not our error
    res.setHeader('Vary', 'Origin');
    const verdict = policy.check(req.headers, req.socket.localPort ?? 0);
    if (!verdict.ok) {
      reportRefusal(normalizeAddress(req.socket.remoteAddress), verdict.reason, verdict.message);
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
      return void res.end(`${verdict.body}\n`);
    }
    if (verdict.corsOrigin !== null) res.setHeader('Access-Control-Allow-Origin', verdict.corsOrigin);
    if (req.method === 'OPTIONS') return void res.writeHead(204, verdict.corsOrigin === null ? {} : CORS_PREFLIGHT_HEADERS).end();
    try {
      options.onRequest(req, res);
    } catch (error) {
      options.serverError('internal', error, `while answering ${req.method} ${req.url}: `);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal Server Error\n');
    }
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pending.isRefused(socket)) return void socket.destroy();
    socket.on('error', () => {}); // until the engine's WebSocket listens, a reset is routine
    const verdict = closing ? null : policy.check(req.headers, req.socket.localPort ?? 0);
    if (verdict && !verdict.ok) {
      reportRefusal(normalizeAddress(req.socket.remoteAddress), verdict.reason, verdict.message);
      return void socket.end(httpResponse(403, 'Forbidden', verdict.body));
    }
    pending.expectRegistration(socket, timeouts.upgradeRegisterTimeoutMs, () => {
      reportRefusal(normalizeAddress(req.socket.remoteAddress), 'upgrade-timeout', `upgraded to WebSocket but not registered as a peer within ${timeouts.upgradeRegisterTimeoutMs} ms`);
      socket.destroy();
    });
    options.onUpgrade(req, socket, head);
  };

  const onClientError = (error: Error & { code?: string }, socket: Duplex) => {
    const address = normalizeAddress((socket as Socket).remoteAddress);
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      // Idle and slow clients: routine on an open port, so counted and logged at most once a second per address.
      reportRefusal(address, 'request-timeout', `no complete request within ${timeouts.headersTimeoutMs} ms (headers) or ${timeouts.requestTimeoutMs} ms (request)`);
      if (socket.writable) socket.end(httpResponse(408, 'Request Timeout', 'No complete request in time'));
      else socket.destroy();
      return;
    }
    options.serverError('http-client', error);
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      return void socket.end(httpResponse(431, 'Request Header Fields Too Large', 'The request line and headers are over 16 KiB (Node.js --max-http-header-size)'));
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };

  const createServer = (): Server => {
    const serverOptions = {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this period (default 30 s, which let idle sockets live ~72 s).
      connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
    };
    const server = options.tls
      ? (createHttpsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }) as unknown as Server)
      : createHttpServer(serverOptions);
    server.on('connection', onConnection);
    server.on('request', onRequest);
    server.on('upgrade', onUpgrade);
    server.on('clientError', onClientError);
    server.on('tlsClientError', (error: Error) => options.serverError('tls', error));
    return server;
  };

  const bound = await listenAll(createServer, options.host, options.port);
  // Errors after listen (EMFILE on accept, …) are reported, never thrown: one bad moment must not end the server.
  for (const server of bound.servers) server.on('error', (error) => options.serverError('server', error));

  let closed: Promise<void> | undefined;
  return {
    servers: bound.servers,
    port: bound.port,
    addresses: bound.addresses,
    pendingSockets: () => pending.size,
    registered: (req) => pending.registered(req.socket),
    close: () => {
      closing = true;
      closed ??= Promise.all(bound.servers.map((server) => closeServer(server))).then(() => pending.clear());
      return closed;
    },
  };
}

function httpResponse(status: number, statusText: string, body: string): string {
  const text = `${body}\n`;
  return `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

/**
 * Counts every refusal, and reports it as a `client-rejected` event at most once a second per address and reason;
 * the next report says how many were left out.
 */
function createRefusalReporter(options: Pick<FrontOptions, 'counters' | 'events'>) {
  const last = new Map<string, { at: number; skipped: number }>();
  return (address: string, reason: RejectReason, message: string) => {
    options.counters.countRejected(reason);
    const key = `${address}|${reason}`;
    const now = Date.now();
    const seen = last.get(key);
    if (seen && now - seen.at < REPORT_INTERVAL_MS) {
      seen.skipped += 1;
      return;
    }
    if (last.size > 10_000) last.clear(); // bounded: a spray from many addresses only costs extra lines
    last.set(key, { at: now, skipped: 0 });
    const more = seen && seen.skipped > 0 ? ` (and ${seen.skipped} more like it since the previous line)` : '';
    options.events.emit('client-rejected', { id: null, remoteAddress: address, reason, message: `${message}${more}`, at: now });
  };
}
