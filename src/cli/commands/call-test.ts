/** `rtcdemo call-test`: the self-contained WebRTC check for CI, with a verdict and an exit code. */
import { Option, type Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../context.js';
import { parseByteSize, parseDuration, parsePositiveInt, parseServerUrl, formatServerUrl } from '../options.js';
import { colorsFor, createLogger } from '../output.js';
import { EnvironmentError, ExitCode, UsageError } from '../../core/errors.js';
import { SERIALIZATIONS, VIDEO_CODECS, type Serialization } from '../../protocol.js';
import { defaultCriteria, parseExpectation, resolveCriteria } from '../../core/call-test/criteria.js';
import { CALL_TEST_DEFAULTS as DEFAULTS } from '../../core/call-test/call-test-options.js';
import { renderMetricList } from '../render/metric-values.js';
import { renderReport } from '../render/call-test-report.js';
import { renderJUnit } from '../render/junit.js';
import { renderMatrix } from '../render/matrix-table.js';
import { parseBrowserFlags } from './call-test-browsers.js';
import { resolveBrowser } from '../../core/browser/resolve-browser.js';
import { createPhaseSpinner } from '../render/phase-spinner.js';
import { checkReportTargets, ReportMaterial, wantsReport, writeCallTestReports } from '../report-files.js';
import { terminalJson, terminalText } from '../render/terminal-safe.js';
import { VERSION } from '../version.js';
import { createTracePrinter, routeTraceEvents } from '../render/trace-line.js';
import { BROWSER_HELP, parseVideoCodec, timestamp } from '../agent-options.js';
import { MIN_CALL_TEST_DURATION_MS, checkMessageFits } from '../../core/call-test/call-test-limits.js';
import { SIGNALING_ENGINES, type SignalingEngine } from '../../server/signaling-server.js';
import { addIceOptions, resolveIce, type IceFlags } from '../ice-options.js';
import { findTurnserver } from '../../core/turn/find-turnserver.js';
import type { TurnTransport } from '../../core/turn/turnserver-args.js';
import { describeProfiles, NETWORK_PROFILE_HELP, parseNetworkProfile } from '../../core/network-lab/profile.js';
import { isLoopbackHost } from '../../shared/loopback.js';
import { ENDPOINT_HELP, parseBrowserEndpoint, type BrowserEndpoint } from '../../core/browser/browser-endpoint.js';
import { PLACEMENTS, type Placement } from '../../core/call-test/placement.js';
import { parseListenAddress, parsePublicUrl } from '../../core/call-test/listen-address.js';

interface CallTestFlags extends IceFlags {
  turn?: boolean;
  turnTransport?: TurnTransport[];
  turnserver: string;
  server?: string;
  engine?: SignalingEngine;
  key: string;
  browser?: string;
  senderBrowser?: string;
  receiverBrowser?: string;
  matrix?: string | boolean;
  codec?: string;
  messages: string;
  size: string;
  serialization: Serialization;
  bulk: string;
  duration: string;
  pairs: string;
  expect: string[];
  json?: boolean;
  junit?: string;
  trace?: boolean;
  progress?: boolean;
  network?: string;
  stun?: boolean;
  report?: string;
  reportDir?: string;
  connect: string[];
  webdriver: string[];
  placement: Placement;
  listen?: string;
  publicUrl?: string;
}

export function registerCallTest(program: Command, ctx: CommandContext): void {
  const command = program
    .command('call-test')
    .description('check that WebRTC works here: own signaling server, two headless agents, data and video both ways, hang-up; prints a verdict')
    .option('--server <url>', 'use this PeerJS server instead of starting one on a free port')
    .option('--key <key>', 'the PeerJS key of --server', 'peerjs')
    .addOption(new Option('--engine <engine>', "the server call-test starts: rtcdemo's own, or the stock `peer` 1.0.2 PeerServer (default: rtcdemo)").choices(SIGNALING_ENGINES))
    .option('--browser <browser>', `both sides' browser: ${BROWSER_HELP}`)
    .option('--sender-browser <browser>', "the sender's browser, in its own process (default: --browser)")
    .option('--receiver-browser <browser>', "the receiver's browser, in its own process (default: --browser)")
    .option('--matrix [browsers]', 'run every ordered pair of these browsers (default: chromium and firefox, those installed) and print one table')
    .option('--codec <codec>', `the video codec both sides prefer (setCodecPreferences): ${VIDEO_CODECS.join(', ')}; a side that can't do it fails the video check`)
    .option('--messages <n>', 'numbered, checksummed messages to send one by one', String(DEFAULTS.messages))
    .option('--size <bytes>', 'size of each message, e.g. 64, 1k (json: up to about 12k; raw: up to 256k less 16 bytes)', String(DEFAULTS.size))
    .addOption(new Option('--serialization <type>', 'PeerJS serialization of the data connection').choices(SERIALIZATIONS).default(DEFAULTS.serialization))
    .option('--bulk <bytes>', 'bytes of the bulk transfer for throughput, e.g. 4MiB (0 skips it)', `${DEFAULTS.bulkBytes / 1024 ** 2}MiB`)
    .option('--duration <duration>', 'media window for fps and bitrate, at least 1s, e.g. 5 or 5s', `${DEFAULTS.durationMs / 1000}s`)
    .option('--pairs <n>', 'receiver/sender pairs to run at once in one browser, each with every check', String(DEFAULTS.pairs))
    .option('--turn', "run a TURN server (coturn) on loopback (with --network: in the lab's wan) with a fresh credential; both agents go relay-only; passes only if both selected pairs are relay")
    .option('--turn-transport <list>', 'with --turn: how the agents reach it: udp, tcp, tls, or a comma list (default: udp)', parseTransports)
    .option('--turnserver <path>', "coturn's turnserver binary for --turn", 'turnserver')
    .option('--expect <criterion>', "a pass criterion <metric><op><value>, e.g. 'data.rtt.p95<50' (repeatable; replaces the default on that metric)", collect, [])
    .option('--network <profile>', `run each side's browser in its own network namespace behind its own router (Linux, root): ${describeProfiles()}; join with commas`)
    .option('--stun', "with --network: give both sides the lab's STUN server")
    .option('--connect <endpoint>', `run the pages in running browsers instead of one launched here (repeatable): ${ENDPOINT_HELP} (docs/scale-out.md)`, collect, [])
    .option('--webdriver <url>', 'the same as --connect webdriver+<url> (repeatable)', collect, [])
    .addOption(new Option('--placement <rule>', 'how pairs spread over several browsers: split = receivers on the first half, senders on the rest; round-robin = pages dealt in turn; pair = both pages of a pair in one browser').choices(PLACEMENTS).default('split'))
    .option('--listen <address>', 'where the built-in server listens, reachable from the --connect browsers, e.g. 10.0.0.5 or 10.0.0.5:9000 (default 127.0.0.1, any free port)')
    .option('--public-url <url>', "the URL the --connect browsers use to reach the built-in server, when not the --listen address (NAT, containers, 0.0.0.0)")
    .option('--json', 'print the report as one JSON document (schema: docs/call-test-schema.md)')
    .option('--junit <file>', 'also write a JUnit XML report, one test case per check')
    .option('--trace', "print both peers' signaling messages and connection states on stderr, in time order (JSON lines with --json)")
    .option('--progress', 'print each phase on stderr as it happens even when stderr is not a terminal (a CI log)')
    .option('--report <file>', 'also write a self-contained HTML report: verdict, timeline, charts, data check, video snapshots')
    .option('--report-dir <dir>', 'also write report.html, report.json, junit.xml and snapshots/*.jpg into this folder (for CI artifacts)');
  addIceOptions(command)
    .addHelpText('after', `
Checks, in order:
  signaling  both peers register with the server
  data       --messages numbered messages, each acknowledged (round trip p50/p95/p99/max), then a bulk transfer (MB/s)
  video      both sides send their fake camera and microphone; getUserMedia, call → stream, first frame, then
             fps, resolution, bitrate, packets lost, jitter, freezes and the ICE candidate pair over --duration;
             the audio both ways in the same window (packets, lost, level, jitter, concealment; reported, not judged)
  hangup     the sender closes its tab; how long until the receiver notices

Default pass criteria: no message lost, duplicated, reordered or corrupted; the remote stream within 10 s; at
least one decoded frame each way; at least 10 fps both ways; hang-up noticed within 10 s. With --turn or
--relay-only also: both sides' selected candidate pairs go through the TURN relay (video.pairs.relay == 2).

ICE: by default the agents use no STUN/TURN server (host candidates: enough on one machine or a LAN).
--turn runs coturn on 127.0.0.1 (free ports, a fresh credential, relaying only to loopback) and makes both
agents relay-only; --ice-server/--ice-servers test your own servers. A relay-only side whose TURN server
refuses it (e.g. 401 Unauthorized) or does not answer within 5 s fails at once, naming the server.

Reports: --report writes one HTML file (no network needed to view it): verdict, checks with their criteria
(failed first), environment, phase waterfall, per-second charts both ways, data check with an RTT histogram,
and the first and last frame each side decoded. --report-dir adds report.json, junit.xml and snapshots/*.jpg.
Progress: on a terminal, a spinner names the step under way and a ✓ line stays for each phase reached;
--progress prints the phase lines in a CI log too.

Exit codes: 0 every check passed, 1 a check failed, 2 usage error (also a value that can't work, such as
--duration 0 or a --size the serialization can't carry), 3 environment problem (no browser, port; with
--network: not Linux, not root, no ip/nft/tc/turnserver, no tc netem for delay/jitter).

Network lab (--network; Linux, root or CAP_NET_ADMIN+CAP_SYS_ADMIN; docs/NETWORKS.md):
  The receiver's and the sender's browsers run each in its own network namespace (LAN) behind its own router
  namespace; the routers meet in a "wan" namespace where the signaling server and coturn (--stun, --turn) listen.
  Nothing in the lab routes anywhere else, and everything it made is removed on exit, even after Ctrl-C; a lab
  left by a killed run is removed by the next one. Profiles, joined with commas:
${NETWORK_PROFILE_HELP.map(([name, meaning]) => `    ${name.padEnd(14)} ${meaning}`).join('\n')}
  --stun gives both sides the lab's STUN server; --turn runs the TURN server in the lab's wan (both sides
  relay-only: a pass proves it works; --turn-transport tcp when UDP is blocked). With a rate=… profile the
  default --bulk is 2 s of the link.
  From real runs (excerpts; README.md has them whole):
    $ sudo rtcdemo call-test --network symmetric-nat --turn
    ✓ call-test passed: 4 of 4 checks in 6.5 s
    Network symmetric-nat
      pair         relay/udp via udp ↔ relay/udp (RTT 2.0 ms)
    $ sudo rtcdemo call-test --network symmetric-nat                                  (exit 1)
    ✗ call-test failed: data, video (1 passed, 2 failed, 1 skipped; 34 s)
      error: timed out: the connection to "receiver" was answered but did not open within 15 s (ICE checking,
        gathered host; no candidate pair worked: a NAT or firewall in between needs STUN or TURN)

Metrics for --expect (ops: < <= > >= == !=):
${renderMetricList('  ')}

Examples:
  rtcdemo call-test
  rtcdemo call-test --duration 1 --expect 'data.rtt.p95<50' --expect 'video.fps>=15' --junit call-test.xml
  rtcdemo call-test --report report.html     open it in any browser, offline
  rtcdemo call-test --report-dir rtcdemo-report   report.html, report.json, junit.xml, snapshots/ for CI (docs/ci.md)
  rtcdemo call-test --server http://localhost:9000/ --json > report.json
  rtcdemo call-test --trace --bulk 0 --duration 2     watch the signaling and ICE exchange (docs/trace.md)
  rtcdemo call-test --engine stock                    the same checks through the stock PeerJS server
  rtcdemo call-test --turn                            through a TURN relay (coturn), both ways
  rtcdemo call-test --turn --turn-transport tcp       TURN over TCP (as when UDP is blocked)
  rtcdemo call-test --ice-servers ice.json --relay-only   your app's iceServers, relay only
  rtcdemo call-test --sender-browser firefox --receiver-browser chromium --codec VP9
  rtcdemo call-test --matrix                           every ordered pair of chromium and firefox (docs/browsers.md)
  sudo rtcdemo call-test --network symmetric-nat --turn
  sudo rtcdemo call-test --network 'nat,loss=3%,rate=800kbit' --stun
  rtcdemo call-test --listen 10.0.0.5 --connect http://10.0.0.7:9222 --webdriver http://10.0.0.8:4444 --pairs 4`)
    .action(async (flags: CallTestFlags, command: Command) => {
      const messages = parsePositiveInt('--messages', flags.messages, { max: 1_000_000 });
      const size = parseByteSize('--size', flags.size, { min: 0, max: 16 * 1024 * 1024 });
      let bulkBytes = parseByteSize('--bulk', flags.bulk, { min: 0, max: 1024 ** 3 });
      const durationMs = parseDuration('--duration', flags.duration, { minMs: MIN_CALL_TEST_DURATION_MS, maxMs: 3600_000 });
      checkMessageFits(size, flags.serialization, messages, { size: `--size ${flags.size}`, serialization: '--serialization', largest: (bytes) => `--size ${bytes}` });
      const pairs = parsePositiveInt('--pairs', flags.pairs, { max: 64 });
      const user = flags.expect.map(parseExpectation);
      const ice = resolveIce(flags, { ownTurn: Boolean(flags.turn) });
      if (flags.turnTransport && !flags.turn) throw new UsageError('--turn-transport goes with --turn');
      // Before anything starts: a missing coturn is exit 3 with the install hint, not a failed check.
      const turnserver = flags.turn ? findTurnserver(flags.turnserver) : null;
      const transports: TurnTransport[] = flags.turnTransport ?? ['udp'];
      const relay = Boolean(flags.turn) || ice.iceTransportPolicy === 'relay';
      const server = flags.server === undefined ? null : parseServerUrl('--server', flags.server, flags.key);
      if (server && flags.engine) throw new UsageError('--engine chooses the server call-test starts itself; with --server it uses yours: drop one of them');
      const network = flags.network === undefined ? null : parseNetworkProfile(flags.network);
      if (network && server) throw new UsageError('--network runs its own signaling server inside the lab: leave out --server');
      // A 4 MiB bulk transfer takes 34 s at rate=1mbit, past the data check's 15 s: by default send 2 s of the link.
      if (network?.rateBitsPerSecond && command.getOptionValueSource('bulk') === 'default') bulkBytes = Math.min(bulkBytes, Math.floor((network.rateBitsPerSecond / 8) * 2));
      if (!network && flags.stun) throw new UsageError("--stun needs --network (the lab's STUN server is only reachable inside the lab); elsewhere use --ice-server stun:host:port");
      const choice = parseBrowserFlags(flags);
      // The lab serves the agent page over CDP (page-over-devtools.ts), which Firefox's WebDriver BiDi lacks.
      if (network && flags.browser !== undefined && resolveBrowser(flags.browser).kind === 'firefox') {
        throw new UsageError('--network runs Chromium only for now (the lab serves the agent page over the Chrome DevTools Protocol): leave out --browser firefox');
      }
      const codec = flags.codec === undefined ? null : parseVideoCodec('--codec', flags.codec);
      const endpoints = resolveEndpoints(flags);
      if (endpoints.length && (choice.browsers || choice.matrix)) {
        const clash = choice.matrix ? '--matrix' : '--sender-browser/--receiver-browser';
        throw new UsageError(`${flags.connect.length ? '--connect' : '--webdriver'} runs the pages in the browsers given, placed by --placement: leave out ${clash}`);
      }
      if (network && endpoints.length) throw new UsageError(`--network runs a browser per side inside the lab, on this machine: leave out ${flags.connect.length ? '--connect' : '--webdriver'}`);
      if (network && (flags.listen !== undefined || flags.publicUrl !== undefined)) throw new UsageError(`${flags.listen !== undefined ? '--listen' : '--public-url'} is for --connect browsers; with --network the server runs inside the lab: leave it out`);
      if (endpoints.length && flags.browser !== undefined && endpoints.every((e) => e.kind !== 'local')) throw new UsageError('--browser picks a browser to launch here, but every page runs in a --connect browser: add --connect local, or leave out --browser');
      if (flags.turn && endpoints.some((e) => e.kind !== 'local')) throw new UsageError("--turn runs its TURN server on 127.0.0.1, out of the --connect browsers' reach: give them yours with --ice-server");
      if (flags.engine === 'stock' && endpoints.some((e) => e.kind !== 'local')) throw new UsageError("--engine stock has no agent page for --connect browsers to load: leave out --engine");
      if ((flags.listen !== undefined || flags.publicUrl !== undefined) && server) throw new UsageError(`${flags.listen !== undefined ? '--listen' : '--public-url'} is for the built-in server: leave out --server`);
      const listen = flags.listen === undefined ? undefined : (parseListenAddress(flags.listen), flags.listen);
      const publicUrl = flags.publicUrl === undefined ? undefined : parsePublicUrl(flags.publicUrl);
      if (endpoints.some((e) => e.kind !== 'local' && !isLoopbackHost(new URL(e.url).hostname)) && !server && !publicUrl && (listen === undefined || /^(0\.0\.0\.0|::|\[::\])(:|$)/.test(listen))) {
        throw new UsageError('a --connect browser must reach the built-in server: give the address it can reach with --listen <address> (or --public-url <url>), or use --server');
      }
      if (flags.junit !== undefined) checkWritable(flags.junit);
      const reportTargets = { file: flags.report, dir: flags.reportDir };
      checkReportTargets(reportTargets);
      const material = wantsReport(reportTargets) ? new ReportMaterial() : null;
      const verbose = Boolean(program.opts().verbose);
      const log = createLogger(ctx.io.stderr, { verbose });
      const c = colorsFor(ctx.io.stderr);
      // Loaded when needed: it brings puppeteer, which --help and usage errors don't need.
      const { runCallTest } = await import('../../core/call-test/run-call-test.js');
      // Progress is for people watching: a spinner on a terminal; plain phase lines with --progress in a CI
      // log, and with --trace (a spinner would redraw over its lines); nothing otherwise (CI logs get the report).
      const spinner =
        log.isTTY || flags.progress
          ? createPhaseSpinner(ctx.io.stderr, { mark: c.green('✓'), color: c.level > 0, plain: Boolean(flags.trace) || !log.isTTY, plainLine: (text) => log.info(c.dim(text)) })
          : null;
      const { runNetworkCallTest } = await import('../../core/network-lab/run-network-call-test.js');
      const run = network
        ? (o: Parameters<typeof runCallTest>[0]) => runNetworkCallTest({ ...o, network, stun: Boolean(flags.stun) })
        : runCallTest;
      const options: Parameters<typeof runCallTest>[0] = {
        server,
        serverUrl: server ? formatServerUrl(server) : null,
        engine: flags.engine,
        messages,
        size,
        serialization: flags.serialization,
        bulkBytes,
        durationMs,
        pairs,
        criteria: resolveCriteria(defaultCriteria({ messages, relay }), user),
        ice,
        turn: turnserver ? { binary: turnserver, transports } : null,
        onTurnLog: verbose ? (line) => log.verbose(`[turnserver] ${line}`) : undefined,
        snapshots: material !== null,
        toolVersion: VERSION,
        browserPath: flags.browser,
        browsers: choice.browsers,
        codec,
        endpoints,
        placement: flags.placement,
        listen,
        publicUrl,
        signal: ctx.signal,
        onEvent: routeTraceEvents(
          // Wide enough for "receiver-64" with --pairs, so both pages' lines line up.
          flags.trace ? createTracePrinter(ctx.io.stderr, { json: Boolean(flags.json), color: c, time: timestamp, nameWidth: pairs > 1 ? 11 : 8 }) : null,
          (event) => {
            spinner?.onEvent(event);
            material?.onEvent(event);
          },
        ),
        trace: Boolean(flags.trace),
        onConsole: verbose ? (line) => { spinner?.stop(); log.verbose(terminalText(line)); } : undefined,
      };
      if (choice.matrix) {
        const { runCallTestMatrix } = await import('../../core/call-test/run-matrix.js');
        const matrix = await runCallTestMatrix(options, choice.matrix.length ? choice.matrix : null, (sender, receiver) => log.info(c.dim(`call-test ${sender} → ${receiver}…`))).finally(() => spinner?.stop());
        ctx.io.stdout.write(flags.json ? `${terminalJson(matrix, 2)}\n` : renderMatrix(matrix, colorsFor(ctx.io.stdout)));
        ctx.exitCode = matrix.verdict === 'pass' ? ExitCode.ok : ExitCode.checkFailed;
        return;
      }
      const result = await run(options).finally(() => spinner?.stop());
      if (flags.junit !== undefined) {
        await writeFile(flags.junit, renderJUnit(result)).catch((error: NodeJS.ErrnoException) => {
          throw new EnvironmentError(`could not write --junit ${flags.junit}: ${error.code ?? error.message}`);
        });
      }
      if (material) await writeCallTestReports(result, material, reportTargets);
      ctx.io.stdout.write(flags.json ? `${terminalJson(result, 2)}\n` : renderReport(result, { color: colorsFor(ctx.io.stdout) }));
      ctx.exitCode = result.verdict === 'pass' ? ExitCode.ok : ExitCode.checkFailed;
    });
}

/** --connect and --webdriver, in the order given (`--placement split` puts receivers on the first). */
function resolveEndpoints(flags: Pick<CallTestFlags, 'connect' | 'webdriver'>): BrowserEndpoint[] {
  return [...flags.connect.map((e) => parseBrowserEndpoint('--connect', e)), ...flags.webdriver.map((e) => parseBrowserEndpoint('--webdriver', e))];
}

const TRANSPORTS: readonly TurnTransport[] = ['udp', 'tcp', 'tls'];

function parseTransports(value: string, previous: TurnTransport[] = []): TurnTransport[] {
  const list = value.split(',').map((t) => t.trim().toLowerCase());
  const bad = list.find((t) => !(TRANSPORTS as readonly string[]).includes(t));
  if (bad !== undefined) throw new UsageError(`--turn-transport "${value}": "${bad}" is not udp, tcp or tls`);
  return [...new Set([...previous, ...(list as TurnTransport[])])];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Fail before a 10-second run, not after it, when the report can't be written. */
function checkWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--junit ${file}: the folder ${dir} does not exist`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--junit ${file} is a folder; give a file name such as call-test.xml`);
}
