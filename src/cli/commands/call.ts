/** `rtcdemo call`: a video call from headless Chromium's fake camera, with live numbers. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addAgentOptions, resolveServer, timestamp, type AgentFlags } from '../agent-options.js';
import { parseDuration, parsePeerId } from '../options.js';
import { colorsFor, createLogger, formatMs, renderTable } from '../output.js';
import type { CallReport } from '../../core/call.js';
import { formatCandidatePair } from '../../core/call-test/render-report.js';

interface CallFlags extends AgentFlags {
  to: string;
  id?: string;
  duration: string;
  timeout: string;
  json?: boolean;
}

export function registerCall(program: Command, ctx: CommandContext): void {
  const command = program
    .command('call')
    .description('call a peer with a fake camera from headless Chromium, report the received video every second, then hang up')
    .requiredOption('--to <id>', 'the peer to call, e.g. receiver')
    .option('--id <id>', 'our own peer id (default: one the server assigns)')
    .option('--duration <duration>', 'how long to stay in the call, e.g. 5 or 5s', '5s')
    .option('--timeout <duration>', 'give up on the server, the remote stream or the first frame after this long', '10s')
    .option('--json', 'print the summary as JSON on stdout');
  addAgentOptions(command)
    .addHelpText('after', `
Progress (getUserMedia, remote stream, first frame, then fps / resolution / bitrate each second) goes to
stderr; the summary goes to stdout. Ctrl-C hangs up early and still closes everything, then exits 130.

Examples:
  rtcdemo call --to receiver                 call the tutorial's receiver page or "rtcdemo receive"
  rtcdemo call --to receiver --duration 30s --json`)
    .action(async (flags: CallFlags) => {
      const to = parsePeerId('--to', flags.to);
      const id = flags.id === undefined ? undefined : parsePeerId('--id', flags.id);
      const durationMs = parseDuration('--duration', flags.duration, { minMs: 0 });
      const timeoutMs = parseDuration('--timeout', flags.timeout, { minMs: 100 });
      const { server, serverUrl } = resolveServer(flags);
      const verbose = Boolean(program.opts().verbose);
      const log = createLogger(ctx.io.stderr, { verbose });
      const c = colorsFor(ctx.io.stderr);
      // Loaded when needed: it brings puppeteer, which --help and usage errors don't need.
      const { runCall } = await import('../../core/call.js');
      const report = await runCall({
        server,
        serverUrl,
        to,
        id,
        durationMs,
        timeoutMs,
        browserPath: flags.browser,
        signal: ctx.signal,
        onProgress: (line) => log.info(`${c.dim(timestamp())} ${line}`),
        onSecond: (r) =>
          log.info(
            `${c.dim(timestamp())} ${r.t.toFixed(0).padStart(3)} s  ${fmt(r.fps, 1)} fps  ${r.width ?? '?'}×${r.height ?? '?'}  received ${fmt(r.receivedKbps, 0)} kbps  sent ${fmt(r.sentKbps, 0)} kbps  lost ${r.packetsLost}`,
          ),
        onConsole: verbose ? (line) => log.verbose(line) : undefined,
      });
      ctx.io.stdout.write(flags.json ? `${JSON.stringify(callJson(report, serverUrl), null, 2)}\n` : renderCallReport(report));
    });
}

const fmt = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));

export function callJson(report: CallReport, serverUrl: string) {
  return { server: serverUrl, ...report };
}

export function renderCallReport(report: CallReport): string {
  const r = report.received;
  const rows = [
    ['call', `${report.id} → ${report.to}`],
    ['getUserMedia', formatMs(report.getUserMediaMs)],
    ['call → remote stream', formatMs(report.callToStreamMs)],
    ['call → first frame', formatMs(report.callToFirstFrameMs)],
    ['window', `${(report.windowMs / 1000).toFixed(1)} s (${report.ended})`],
    ['received', `${fmt(r.fps, 1)} fps, ${r.width ?? '?'}×${r.height ?? '?'}, ${fmt(r.bitrateKbps, 0)} kbps, ${r.codec ?? 'codec ?'}`],
    ['sent', `${fmt(report.sentKbps, 0)} kbps`],
    ['frames decoded', String(r.framesDecoded)],
    ['packets lost', String(r.packetsLost)],
    ['jitter', r.jitterMs === null ? '–' : `${r.jitterMs.toFixed(1)} ms`],
    ['freezes', String(r.freezes)],
    ['candidate pair', formatCandidatePair(report.candidatePair)],
  ];
  if (report.signaling.disconnects > 0) {
    rows.push(['signaling server', `lost ${report.signaling.disconnects}× during the call, reconnected ${report.signaling.reconnects}× (media kept flowing peer to peer)`]);
  }
  return `${renderTable(rows)}\n`;
}
