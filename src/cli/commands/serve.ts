/** `rtcdemo serve`: the PeerJS signaling server and the tutorial's demo pages, with a line per signaling event. */
import { Option, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { colorsFor } from '../output.js';
import { timestamp } from '../agent-options.js';
import { describeServerEvent, describeSignalingDone, SignalingDoneNotifier, type ServerEventRecord } from '../render/server-event-line.js';
import { DEFAULT_ALIVE_TIMEOUT_MS, DEFAULT_EXPIRE_TIMEOUT_MS, DEFAULT_PORT, SIGNALING_ENGINES, startSignalingServer, type SignalingServer } from '../../server/signaling-server.js';
import { DEFAULT_LIMITS } from '../../server/limits.js';
import { ALLOW_ANY_ORIGIN } from '../../server/origin-policy.js';
import { parseServeFlags, sizeDefault, type ParsedServeOptions, type ServeFlags } from '../serve-options.js';
import { describeHost } from '../../server/addresses.js';
import type { SignalingEventMap } from '../../server/server-events.js';
import { handleDemoPageRequest } from '../../server/demo-pages.js';

/** Flags that bound rtcdemo's engine only: the stock server has no such bounds (its own concurrent_limit is --max-peers). */
const OWN_ENGINE_FLAGS = ['maxPayload', 'maxQueuedPerPeer', 'maxQueued', 'maxQueuedBytes', 'maxRate', 'maxBurst', 'maxConnectionsPerIp'] as const;
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
    .addOption(new Option('--engine <engine>', "which server speaks PeerJS: rtcdemo's own, or the stock `peer` 1.0.2 PeerServer").choices(SIGNALING_ENGINES).default('rtcdemo'))
    .addOption(new Option('--allow-origin <origin>', "also accept pages from this origin (http://host:port; repeatable; '*' accepts any page and any Host)").argParser(collect).default([], 'none'))
    .option('--max-payload <bytes>', 'largest WebSocket message; bigger gets an ERROR saying so and closes that client', sizeDefault(DEFAULT_LIMITS.maxPayloadBytes))
    .option('--max-queued-per-peer <n>', 'messages held for one peer that has not connected yet', String(DEFAULT_LIMITS.maxQueuedPerPeer))
    .option('--max-queued <n>', 'messages held for all such peers together', String(DEFAULT_LIMITS.maxQueuedTotal))
    .option('--max-queued-bytes <bytes>', 'bytes held for all such peers together', sizeDefault(DEFAULT_LIMITS.maxQueuedBytes))
    .option('--max-rate <n>', 'messages per second per client; beyond, ERROR and disconnect', String(DEFAULT_LIMITS.maxMessagesPerSecond))
    .option('--max-burst <n>', `messages a client may send at once before --max-rate applies (default: ${DEFAULT_LIMITS.maxBurst}, or 10 × --max-rate)`)
    .option('--max-connections-per-ip <n>', 'peers registered from one address', String(DEFAULT_LIMITS.maxConnectionsPerIp))
    .option('--max-peers <n>', 'peers registered in total', String(DEFAULT_LIMITS.maxPeers))
    .option('--max-pending-sockets-per-ip <n>', 'connections from one address that are not (yet) a registered peer; beyond, HTTP 503', String(DEFAULT_LIMITS.maxPendingSocketsPerIp))
    .option('--expire-timeout <duration>', 'how long messages wait for a peer that has not connected', `${DEFAULT_EXPIRE_TIMEOUT_MS / 1000}s`)
    .option('--alive-timeout <duration>', 'drop a peer after this long without a heartbeat (PeerJS sends one every 5 s)', `${DEFAULT_ALIVE_TIMEOUT_MS / 1000}s`)
    .addHelpText('after', `
The server speaks the stock PeerJS protocol (peer 1.0.2): a page using new Peer('me', { host: 'localhost',
port: 9000, path: '/' }) works unchanged. It introduces peers (OFFER, ANSWER, CANDIDATE) and then goes quiet:
data and media flow directly between the browsers.

Also served: GET /health (JSON) and GET /metrics (Prometheus text).

Pages from other sites may not use it: a WebSocket or cross-origin request whose Origin is not this server's
own (or a localhost page's) gets HTTP 403, and so does a Host that is not one of its names (DNS rebinding).
Programs that send no Origin (Node PeerJS clients, curl) are not affected. --allow-origin adds an origin.

Every limit that refuses something says why: to the client (a PeerJS ERROR, or the HTTP body) and on stderr.
--engine stock runs the stock server behind the same origin checks, socket cap and timeouts; the --max-*
message limits above bound rtcdemo's engine only (--max-peers becomes the stock concurrent_limit).

Examples:
  rtcdemo serve                         then open http://localhost:9000/ in two tabs
  rtcdemo serve --port 0 --quiet        any free port, no per-message lines
  rtcdemo serve --host 0.0.0.0 --https  reachable from your LAN; HTTPS so phones may use the camera
  rtcdemo serve --cert cert.pem --cert-key key.pem --host 0.0.0.0
  rtcdemo serve --allow-origin http://192.168.1.20:8080   pages served by another machine's dev server
  rtcdemo serve --engine stock          the stock PeerJS server, to compare
  curl -s http://localhost:9000/metrics`)
    .action(async (flags: ServeFlags, command: Command) => {
      const options = parseServeFlags(flags);
      const server = await startSignalingServer({ ...options, pages: handleDemoPageRequest });
      const c = colorsFor(ctx.io.stderr);
      const ignored = options.engine === 'stock' ? OWN_ENGINE_FLAGS.filter((name) => command.getOptionValueSource(name) === 'cli') : [];
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
        printBanner(ctx, server, options);
        if (ignored.length > 0) {
          ctx.io.stderr.write(c.yellow(`rtcdemo serve: the stock engine has no such bounds; ignored: ${ignored.map(flagName).join(', ')}`) + '\n');
        }
        await aborted(ctx.signal);
      } finally {
        for (const off of listeners) off();
        notifier.dispose();
        await server.close();
      }
    });
}
function printBanner(ctx: CommandContext, server: SignalingServer, options: ParsedServeOptions): void {
  const host = options.host;
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
    ['origins', describeOrigins(options.allowOrigins)],
    ...server.networkUrls.map((url): [string, string] => ['network', url]),
  ];
  const engine = server.engine === 'stock' ? 'stock peer 1.0.2 server, ' : '';
  ctx.io.stdout.write(
    `rtcdemo serve: signaling on ${out.bold(server.url)} (${engine}PeerJS path ${server.path}, key ${server.key})\n` +
      rows.map(([label, value]) => `  ${label.padEnd(10)}${value}`).join('\n') + '\n',
  );
  if (!describeHost(host).loopbackOnly) {
    const camera = server.secure ? '' : '; browsers on other machines need --https for the camera';
    ctx.io.stderr.write(err.yellow(`rtcdemo serve: listening on ${host}: anyone who can reach this machine on the network can use this server (--host localhost keeps it private)${camera}`) + '\n');
  }
  if (options.allowOrigins.includes(ALLOW_ANY_ORIGIN)) {
    ctx.io.stderr.write(err.yellow('rtcdemo serve: --allow-origin *: any web page you visit may use this server (take ids, message peers), and any Host name is answered (no DNS-rebinding check)') + '\n');
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

function describeOrigins(allowed: string[]): string {
  if (allowed.includes(ALLOW_ANY_ORIGIN)) return 'any page (--allow-origin *)';
  const extra = allowed.length > 0 ? `, ${allowed.join(', ')}` : '';
  return `pages from this server and localhost${extra}; others get 403 (--allow-origin adds one)`;
}

function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
