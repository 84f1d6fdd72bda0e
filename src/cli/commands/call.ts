/** `rtcdemo call`: a call from a headless browser's fake camera and microphone, with live numbers. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { resolveIce } from '../ice-options.js';
import { addAgentOptions, parseVideoCodec, resolveConnect, resolveServer, timestamp, type AgentFlags } from '../agent-options.js';
import { VIDEO_CODECS } from '../../protocol.js';
import { CheckFailedError } from '../../core/errors.js';
import { codecMismatch } from '../../core/codec.js';
import { parseDuration, parsePeerId } from '../options.js';
import { createTracePrinter, routeTraceEvents } from '../render/trace-line.js';
import { colorsFor, createLogger } from '../output.js';
import { callJson, renderCallReport } from '../render/call-report.js';
import { callProgressLine } from '../render/progress-line.js';
import { terminalJson, terminalText } from '../render/terminal-safe.js';
import { checkReportTargets, ReportMaterial, writeCallReport } from '../report-files.js';
import { VERSION } from '../version.js';

interface CallFlags extends AgentFlags {
  to: string;
  id?: string;
  duration: string;
  timeout: string;
  json?: boolean;
  codec?: string;
  report?: string;
}

export function registerCall(program: Command, ctx: CommandContext): void {
  const command = program
    .command('call')
    .description('call a peer with the fake camera and microphone from a headless browser, report the received video every second, then hang up')
    .requiredOption('--to <id>', 'the peer to call, e.g. receiver')
    .option('--id <id>', 'our own peer id (default: one the server assigns)')
    .option('--duration <duration>', 'how long to stay in the call, e.g. 5 or 5s', '5s')
    .option('--timeout <duration>', 'give up on the server, the remote stream or the first frame after this long', '10s')
    .option('--codec <codec>', `offer only this video codec (setCodecPreferences): ${VIDEO_CODECS.join(', ')}; exit 1 if a direction used another`)
    .option('--json', 'print the summary as JSON on stdout')
    .option('--report <file>', 'also write a self-contained HTML report: snapshots of the received video, per-second charts');
  addAgentOptions(command)
    .addHelpText('after', `
Progress goes to stderr: getUserMedia, remote stream, first frame, then each second the received fps,
resolution and bitrate, the bitrate sent and what congestion control says we may send, packets lost that
second, jitter and RTT. The summary goes to stdout (--json: the same seconds as "seconds"), with the audio
that came back (packets, lost, level, jitter, concealed samples), or "none" when the other side answered
without a microphone (the tutorial's page answers with its camera only). Ctrl-C hangs up early and still
closes everything, then exits 130; it never waits on a hung page. If the agent page crashes or the browser
dies, the call ends at once with exit code 3 and the reason.

Examples:
  rtcdemo call --to receiver                 call the tutorial's receiver page or "rtcdemo receive"
  rtcdemo call --to receiver --duration 30s --json
  rtcdemo call --to receiver --report call.html   what arrived, as pictures and charts`)
    .action(async (flags: CallFlags) => {
      const to = parsePeerId('--to', flags.to);
      const id = flags.id === undefined ? undefined : parsePeerId('--id', flags.id);
      const durationMs = parseDuration('--duration', flags.duration, { minMs: 0 });
      const timeoutMs = parseDuration('--timeout', flags.timeout, { minMs: 100 });
      const { server, serverUrl } = resolveServer(flags);
      const ice = resolveIce(flags);
      const codec = flags.codec === undefined ? null : parseVideoCodec('--codec', flags.codec);
      checkReportTargets({ file: flags.report });
      const material = flags.report === undefined ? null : new ReportMaterial();
      const startedAt = new Date().toISOString();
      const connect = resolveConnect(flags);
      const verbose = Boolean(program.opts().verbose);
      const log = createLogger(ctx.io.stderr, { verbose });
      const c = colorsFor(ctx.io.stderr);
      const trace = flags.trace ? createTracePrinter(ctx.io.stderr, { json: Boolean(flags.json), color: c, time: timestamp }) : null;
      // Loaded when needed: it brings puppeteer, which --help and usage errors don't need.
      const { runCall } = await import('../../core/call.js');
      const report = await runCall({
        server,
        serverUrl,
        to,
        id,
        durationMs,
        timeoutMs,
        insecure: flags.insecure,
        browserPath: flags.browser,
        ice,
        codec,
        snapshots: material !== null,
        connect,
        signal: ctx.signal,
        trace: Boolean(flags.trace),
        onEvent: routeTraceEvents(trace, (event) => {
          material?.onEvent(event);
          const line = callProgressLine(event, { to });
          if (line) (line.verbose ? log.verbose : log.info)(`${c.dim(timestamp(event.at))} ${line.text}`);
        }),
        onConsole: verbose ? (line) => log.verbose(terminalText(line)) : undefined,
      });
      if (material) await writeCallReport(report, material, { file: flags.report!, serverUrl, version: VERSION, startedAt });
      ctx.io.stdout.write(flags.json ? `${terminalJson(callJson(report, serverUrl), 2)}\n` : renderCallReport(report));
      // The report is printed either way; a direction that used another codec than asked fails the command.
      const mismatch = codec ? codecMismatch(codec, [['sent', report.sentCodec], ['received', report.received.codec]]) : null;
      if (mismatch) throw new CheckFailedError(mismatch);
    });
}
