/** `rtcdemo receive`: a headless receiver that prints what arrives and answers calls. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addAgentOptions, resolveServer, timestamp, type AgentFlags } from '../agent-options.js';
import { parseDuration, parsePeerId, parsePositiveInt } from '../options.js';
import { createTracePrinter, routeTraceEvents } from '../render/trace-line.js';
import { colorsFor, createLogger } from '../output.js';
import { ExitCode } from '../../core/errors.js';
import type { RtcdemoEvent } from '../../core/events.js';
import { formatMessageLine, messageJson } from '../render/message-line.js';
import { receiveProgressLine } from '../render/progress-line.js';

interface ReceiveFlags extends AgentFlags {
  id: string;
  count?: string;
  timeout?: string;
  json?: boolean;
  answer: boolean;
}

export function registerReceive(program: Command, ctx: CommandContext): void {
  const command = program
    .command('receive')
    .description('register a peer id in headless Chromium, print every message that arrives, and answer calls with a fake camera')
    .option('--id <id>', 'the peer id to register', 'receiver')
    .option('--count <n>', 'exit after this many messages (exit code 1 if --timeout comes first)')
    .option('--timeout <duration>', 'stop after this long, e.g. 30 or 30s (default: run until Ctrl-C)')
    .option('--json', 'one JSON object per message on stdout: {from, kind, data, bytes, receivedAt}')
    .option('--no-answer', 'do not answer incoming calls');
  addAgentOptions(command)
    .addHelpText('after', `
Messages go to stdout, one line each ("<from>: <message>"); connections, calls and errors go to stderr.
Any value a PeerJS peer can send is printed: text as text, binary as its length and a hex preview.
rtcdemo senders get an acknowledgement for each message; plain PeerJS pages ignore it.

Examples:
  rtcdemo receive                                 as the tutorial's receiver, on http://localhost:9000/
  rtcdemo receive --count 1 --timeout 30s --json  wait for one message, print it as JSON, exit
  rtcdemo receive --id alice --server http://localhost:9001/`)
    .action(async (flags: ReceiveFlags) => {
      const id = parsePeerId('--id', flags.id);
      const count = flags.count === undefined ? null : parsePositiveInt('--count', flags.count);
      const timeoutMs = flags.timeout === undefined ? null : parseDuration('--timeout', flags.timeout, { minMs: 1 });
      const { server, serverUrl } = resolveServer(flags);
      const verbose = Boolean(program.opts().verbose);
      const log = createLogger(ctx.io.stderr, { verbose });
      const c = colorsFor(ctx.io.stderr);
      const out = colorsFor(ctx.io.stdout);
      const trace = flags.trace ? createTracePrinter(ctx.io.stderr, { json: Boolean(flags.json), color: c, time: timestamp }) : null;
      const onEvent = (event: RtcdemoEvent) => {
        if (event.type === 'agent' && event.event.type === 'message') {
          const message = event.event;
          ctx.io.stdout.write(flags.json ? `${JSON.stringify(messageJson(message))}\n` : `${formatMessageLine(message, out)}\n`);
          return;
        }
        const line = receiveProgressLine(event, { serverUrl, answerCalls: flags.answer });
        if (line) (line.verbose ? log.verbose : log.info)(`${c.dim(timestamp(event.at))} ${line.text}`);
      };
      // Loaded when needed: it brings puppeteer, which --help and usage errors don't need.
      const { runReceiver } = await import('../../core/receive.js');
      const summary = await runReceiver({
        server,
        serverUrl,
        id,
        count,
        timeoutMs,
        answerCalls: flags.answer,
        insecure: flags.insecure,
        browserPath: flags.browser,
        signal: ctx.signal,
        onEvent: routeTraceEvents(trace, onEvent) ?? onEvent,
        trace: Boolean(flags.trace),
        onConsole: verbose ? (line) => log.verbose(line) : undefined,
      });
      if (summary.ended === 'timeout') {
        log.info(`${c.dim(timestamp())} --timeout reached after ${summary.received} message(s)`);
        if (count !== null) {
          log.warn(`rtcdemo: expected ${count} message(s), received ${summary.received}`);
          ctx.exitCode = ExitCode.checkFailed;
        }
      }
    });
}
