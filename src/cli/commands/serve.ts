/** `rtcdemo serve`: the PeerJS signaling server and the tutorial's demo pages, with a line per signaling event. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../core/errors.js';
import { parseByteSize, parseDuration, parsePort, parsePositiveInt } from '../options.js';
import { colorsFor } from '../output.js';
import { timestamp } from '../agent-options.js';
import { describeServerEvent, describeSignalingDone, SignalingDoneNotifier, type ServerEventRecord } from '../render/server-event-line.js';
import { DEFAULT_ALIVE_TIMEOUT_MS, DEFAULT_EXPIRE_TIMEOUT_MS, DEFAULT_PORT, startSignalingServer, type SignalingServer } from '../../server/signaling-server.js';
import { DEFAULT_LIMITS, type ServerLimits } from '../../server/limits.js';
import { describeHost } from '../../server/addresses.js';
import type { HttpsOption } from '../../server/tls.js';
import type { SignalingEventMap } from '../../server/server-events.js';
import { handleDemoPageRequest } from '../../server/demo-pages.js';
import { KEY_MAX_LENGTH } from '../../server/peerjs-protocol.js';

const KEY_PATTERN = new RegExp(`^[A-Za-z0-9._~-]{1,${KEY_MAX_LENGTH}}$`);

interface ServeFlags {
  port: string;
  host: string;
  path: string;
  key: string;
  quiet?: boolean;
  allowDiscovery?: boolean;
  https?: boolean;
  cert?: string;
  certKey?: string;
  maxPayload: string;
  maxQueuedPerPeer: string;
  maxQueued: string;
  maxQueuedBytes: string;
  maxRate: string;
  maxBurst?: string;
  maxConnectionsPerIp: string;
  maxPeers: string;
  expireTimeout: string;
  aliveTimeout: string;
}

const KIB = 1024;
const EVENT_NAMES: Array<keyof SignalingEventMap> = ['peer-registered', 'peer-left', 'relay', 'message-dropped', 'queue-expired', 'client-rejected', 'socket-error', 'server-error'];
/** Shown even with --quiet: they say something is wrong with the server, not what peers do. */
const ALWAYS_SHOWN = new Set<keyof SignalingEventMap>(['server-error']);
/** How long a pair must stay silent after its ANSWER before we say signaling is done. */
const SIGNALING_DONE_QUIET_MS = 2000;

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('run a PeerJS signaling server with the tutorial\'s demo pages, and show each signaling message it relays')
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DEFAULT_PORT))
    .option('--host <host>', 'address to listen on; localhost is this machine only, 0.0.0.0 is your whole network', 'localhost')
    .option('--path <path>', 'PeerJS path (the client\'s `path` option)', '/')
    .option('--key <key>', 'PeerJS key (the client\'s `key` option)', 'peerjs')
    .option('--allow-discovery', 'list connected peer ids at <path><key>/peers (off: 401, as the stock server)')
    .option('--https', 'serve HTTPS with a self-signed certificate made now (for the camera on other machines)')
    .option('--cert <file>', 'serve HTTPS with this PEM certificate (needs --cert-key)')
    .option('--cert-key <file>', 'the PEM private key for --cert')
    .option('--quiet', 'no line per peer and message on stderr')
    .option('--max-payload <bytes>', 'largest WebSocket message; bigger closes that client', sizeDefault(DEFAULT_LIMITS.maxPayloadBytes))
    .option('--max-queued-per-peer <n>', 'messages held for one peer that has not connected yet', String(DEFAULT_LIMITS.maxQueuedPerPeer))
    .option('--max-queued <n>', 'messages held for all such peers together', String(DEFAULT_LIMITS.maxQueuedTotal))
    .option('--max-queued-bytes <bytes>', 'bytes held for all such peers together', sizeDefault(DEFAULT_LIMITS.maxQueuedBytes))
    .option('--max-rate <n>', 'messages per second per client; beyond, ERROR and disconnect', String(DEFAULT_LIMITS.maxMessagesPerSecond))
    .option('--max-burst <n>', 'messages a client may send at once before --max-rate applies (default: 2 × --max-rate)')
    .option('--max-connections-per-ip <n>', 'peers registered from one address', String(DEFAULT_LIMITS.maxConnectionsPerIp))
    .option('--max-peers <n>', 'peers registered in total', String(DEFAULT_LIMITS.maxPeers))
    .option('--expire-timeout <duration>', 'how long messages wait for a peer that has not connected', `${DEFAULT_EXPIRE_TIMEOUT_MS / 1000}s`)
    .option('--alive-timeout <duration>', 'drop a peer after this long without a heartbeat (PeerJS sends one every 5 s)', `${DEFAULT_ALIVE_TIMEOUT_MS / 1000}s`)
    .addHelpText('after', `
The server speaks the stock PeerJS protocol (peer 1.0.2): a page using new Peer('me', { host: 'localhost',
port: 9000, path: '/' }) works unchanged. It introduces peers (OFFER, ANSWER, CANDIDATE) and then goes quiet:
data and media flow directly between the browsers.

Also served: GET /health (JSON) and GET /metrics (Prometheus text).

Examples:
  rtcdemo serve                         then open http://localhost:9000/ in two tabs
  rtcdemo serve --port 0 --quiet        any free port, no per-message lines
  rtcdemo serve --host 0.0.0.0 --https  reachable from your LAN; HTTPS so phones may use the camera
  rtcdemo serve --cert cert.pem --cert-key key.pem --host 0.0.0.0
  curl -s http://localhost:9000/metrics`)
    .action(async (flags: ServeFlags) => {
      const options = parseServeFlags(flags);
      const server = await startSignalingServer({ ...options, pages: handleDemoPageRequest });
      const c = colorsFor(ctx.io.stderr);
      const line = (text: string, at = Date.now()) => ctx.io.stderr.write(`${c.dim(timestamp(at))} ${text}\n`);
      const notifier = new SignalingDoneNotifier(SIGNALING_DONE_QUIET_MS, (a, b, connection) => line(c.dim(describeSignalingDone(a, b, connection))));
      const listeners = EVENT_NAMES.map((name) => {
        const listener = (event: ServerEventRecord['event']) => {
          if (name === 'relay') notifier.observe(event as SignalingEventMap['relay'][0]);
          if (flags.quiet && !ALWAYS_SHOWN.has(name)) return;
          line(describeServerEvent({ name, event } as ServerEventRecord, c), event.at);
        };
        server.events.on(name, listener);
        return () => server.events.off(name, listener);
      });
      try {
        printBanner(ctx, server, options.host);
        await aborted(ctx.signal);
      } finally {
        for (const off of listeners) off();
        notifier.dispose();
        await server.close();
      }
    });
}

interface ParsedServeOptions {
  port: number;
  host: string;
  path: string;
  key: string;
  allowDiscovery: boolean;
  https: HttpsOption | undefined;
  limits: Partial<ServerLimits>;
  expireTimeoutMs: number;
  aliveTimeoutMs: number;
}

export function parseServeFlags(flags: ServeFlags): ParsedServeOptions {
  if (!/^(?:[A-Za-z0-9.-]+|\[?[0-9A-Fa-f:.]+\]?)$/.test(flags.host)) {
    throw new UsageError(`--host must be a host name or IP address such as localhost, 0.0.0.0 or ::1, got "${flags.host}"`);
  }
  // The client pastes path and key into URLs unescaped (peerjs lib/socket.ts, lib/api.ts): keep them URL-safe.
  if (!/^\/?(?:[A-Za-z0-9._~-]+\/?)*$/.test(flags.path)) {
    throw new UsageError(`--path must be a URL path of letters, digits, ".", "_", "~", "-" and single "/", such as / or /signal/, got "${flags.path}"`);
  }
  if (!KEY_PATTERN.test(flags.key)) {
    throw new UsageError(`--key must be 1 to ${KEY_MAX_LENGTH} letters, digits, ".", "_", "~" or "-", got "${flags.key}"`);
  }
  const maxMessagesPerSecond = parsePositiveInt('--max-rate', flags.maxRate, { max: 1_000_000 });
  return {
    port: parsePort('--port', flags.port),
    host: flags.host.replace(/^\[(.*)\]$/, '$1'),
    path: flags.path,
    key: flags.key,
    allowDiscovery: Boolean(flags.allowDiscovery),
    https: parseHttps(flags),
    limits: {
      maxPayloadBytes: parseByteSize('--max-payload', flags.maxPayload, { min: 1 * KIB, max: 64 * 1024 * KIB }),
      maxQueuedPerPeer: parsePositiveInt('--max-queued-per-peer', flags.maxQueuedPerPeer, { max: 1_000_000 }),
      maxQueuedTotal: parsePositiveInt('--max-queued', flags.maxQueued, { max: 10_000_000 }),
      maxQueuedBytes: parseByteSize('--max-queued-bytes', flags.maxQueuedBytes, { min: 1 * KIB, max: 1024 ** 3 }),
      maxMessagesPerSecond,
      maxBurst: flags.maxBurst === undefined ? maxMessagesPerSecond * 2 : parsePositiveInt('--max-burst', flags.maxBurst, { max: 10_000_000 }),
      maxConnectionsPerIp: parsePositiveInt('--max-connections-per-ip', flags.maxConnectionsPerIp, { max: 10_000_000 }),
      maxPeers: parsePositiveInt('--max-peers', flags.maxPeers, { max: 10_000_000 }),
    },
    expireTimeoutMs: parseDuration('--expire-timeout', flags.expireTimeout, { minMs: 100, maxMs: 3600_000 }),
    aliveTimeoutMs: parseDuration('--alive-timeout', flags.aliveTimeout, { minMs: 1000, maxMs: 24 * 3600_000 }),
  };
}

function parseHttps(flags: ServeFlags): HttpsOption | undefined {
  if (flags.cert === undefined && flags.certKey === undefined) return flags.https ? 'self-signed' : undefined;
  if (flags.cert === undefined || flags.certKey === undefined) {
    throw new UsageError(`${flags.cert === undefined ? '--cert-key needs --cert' : '--cert needs --cert-key'} (both PEM files), or use --https alone for a self-signed certificate`);
  }
  const files = { cert: readPem('--cert', flags.cert), key: readPem('--cert-key', flags.certKey) };
  try {
    createSecureContext(files);
  } catch (error) {
    throw new UsageError(`--cert ${flags.cert} and --cert-key ${flags.certKey} are not a matching PEM certificate and key: ${(error as Error).message}`);
  }
  return files;
}

function readPem(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function printBanner(ctx: CommandContext, server: SignalingServer, host: string): void {
  const out = colorsFor(ctx.io.stdout);
  const err = colorsFor(ctx.io.stderr);
  const base = server.url.replace(/\/$/, '');
  const wsUrl = `${server.secure ? 'wss' : 'ws'}${base.slice(server.secure ? 5 : 4)}${server.path}peerjs`;
  const rows: Array<[string, string]> = [
    ['index', `${base}/`],
    ['receiver', `${base}/receiver`],
    ['sender', `${base}/sender`],
    ['PeerJS', `${wsUrl}  (ids from ${base}${server.path}${server.key}/id)`],
    ['health', `${base}/health   metrics ${base}/metrics`],
    ...server.networkUrls.map((url): [string, string] => ['network', url]),
  ];
  ctx.io.stdout.write(
    `rtcdemo serve: signaling on ${out.bold(server.url)} (PeerJS path ${server.path}, key ${server.key})\n` +
      rows.map(([label, value]) => `  ${label.padEnd(10)}${value}`).join('\n') + '\n',
  );
  if (!describeHost(host).loopbackOnly) {
    const camera = server.secure ? '' : '; browsers on other machines need --https for the camera';
    ctx.io.stderr.write(err.yellow(`rtcdemo serve: listening on ${host}: anyone who can reach this machine on the network can use this server (--host localhost keeps it private)${camera}`) + '\n');
  }
  if (server.certificate?.selfSigned) {
    ctx.io.stderr.write(err.dim(`rtcdemo serve: self-signed certificate (${server.certificate.subjectAltName}); browsers warn once: choose Advanced → Proceed. SHA-256 ${server.certificate.fingerprint256}`) + '\n');
  }
  if (ctx.io.stderr.isTTY) ctx.io.stderr.write(err.dim('Press Ctrl-C to stop.') + '\n');
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function sizeDefault(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024}MiB` : `${bytes / 1024}KiB`;
}
