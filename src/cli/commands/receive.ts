/** `rtcdemo receive`: a headless receiver that prints what arrives and answers calls. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { resolveIce } from '../ice-options.js';
import { addAgentOptions, resolveConnect, resolveServer, timestamp, type AgentFlags } from '../agent-options.js';
import { parseByteSize, parseDuration, parsePeerId, parsePositiveInt } from '../options.js';
import { createTracePrinter, routeTraceEvents } from '../render/trace-line.js';
import { colorsFor, createLogger } from '../output.js';
import { ExitCode } from '../../core/errors.js';
import type { RtcdemoEvent } from '../../core/events.js';
import { formatMessageLine, messageJsonLine } from '../render/message-line.js';
import { receiveProgressLine } from '../render/progress-line.js';
import { terminalText } from '../render/terminal-safe.js';
import { DEFAULT_MAX_MESSAGE_BYTES, MIN_REFUSE_ABOVE_BYTES } from '../../shared/receive-bounds.js';

interface ReceiveFlags extends AgentFlags {
  id: string;
  count?: string;
  timeout?: string;
  json?: boolean;
  answer: boolean;
  maxMessageBytes: string;
}

export function registerReceive(program: Command, ctx: CommandContext): void {
  const command = program
    .command('receive')
    .description('register a peer id in a headless browser, print every message that arrives, and answer calls with the fake camera and microphone')
    .option('--id <id>', 'the peer id to register', 'receiver')
    .option('--count <n>', 'exit after this many messages (exit code 1 if --timeout comes first)')
    .option('--timeout <duration>', 'stop after this long, e.g. 30 or 30s (default: run until Ctrl-C)')
    .option('--json', 'one JSON object per message on stdout: {from, kind, data, bytes, receivedAt} (+ truncated, prefix)')
    .option('--max-message-bytes <bytes>', 'print messages up to this size; larger ones as their size and first characters', `${DEFAULT_MAX_MESSAGE_BYTES / 1024 / 1024}MiB`)
    .option('--no-answer', 'do not answer incoming calls');
  addAgentOptions(command)
    .addHelpText('after', `
Messages go to stdout, one line each ("<from>: <message>"); connections, calls and errors go to stderr.
Any value a PeerJS peer can send is printed, whatever its serialization (binary, json, raw, MsgPack): text
as text, binary as its length and a hex preview, null as null. Control characters, escape sequences and
bidi overrides from the network are shown escaped (\\u001b), in text and JSON alike.

Size bounds: a message over --max-message-bytes (default 1 MiB) is printed as its size and its first
80 characters ("truncated": true and "prefix" in JSON; "data" is null). A text line is also cut for
the terminal after 4096 characters, with a note. A connection that sends one message of more than
4 × --max-message-bytes (at least ${MIN_REFUSE_ABOVE_BYTES / 1024 / 1024} MiB) is closed before PeerJS puts it together, and a line
on stderr says so; receive keeps running.

If the agent page crashes or the browser dies (killed, out of memory), receive stops at once with exit
code 3 and one line saying why. Ctrl-C stops it within a second, even with a hung page.

Calls are answered with the kinds the caller sent: camera, microphone (a beep), or both.
rtcdemo senders get an acknowledgement for each message; plain PeerJS pages ignore it.

Examples:
  rtcdemo receive                                 as the tutorial's receiver, on http://localhost:9000/
  rtcdemo receive --count 1 --timeout 30s --json  wait for one message, print it as JSON, exit
  rtcdemo receive --id alice --server http://localhost:9001/`)
    .action(async (flags: ReceiveFlags) => {
      const id = parsePeerId('--id', flags.id);
      const count = flags.count === undefined ? null : parsePositiveInt('--count', flags.count);
      const timeoutMs = flags.timeout === undefined ? null : parseDuration('--timeout', flags.timeout, { minMs: 1 });
      const maxMessageBytes = parseByteSize('--max-message-bytes', flags.maxMessageBytes, { min: 1, max: 1024 ** 3 });
      const { server, serverUrl } = resolveServer(flags);
      const ice = resolveIce(flags);
      const connect = resolveConnect(flags);
      const verbose = Boolean(program.opts().verbose);
      const log = createLogger(ctx.io.stderr, { verbose });
      const c = colorsFor(ctx.io.stderr);
      const out = colorsFor(ctx.io.stdout);
      const trace = flags.trace ? createTracePrinter(ctx.io.stderr, { json: Boolean(flags.json), color: c, time: timestamp }) : null;
      const onEvent = (event: RtcdemoEvent) => {
        if (event.type === 'agent' && event.event.type === 'message') {
          const message = event.event;
          ctx.io.stdout.write(flags.json ? `${messageJsonLine(message)}\n` : `${formatMessageLine(message, out, maxMessageBytes)}\n`);
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
        maxMessageBytes,
        browserPath: flags.browser,
        ice,
        connect,
        signal: ctx.signal,
        onEvent: routeTraceEvents(trace, onEvent) ?? onEvent,
        trace: Boolean(flags.trace),
        onConsole: verbose ? (line) => log.verbose(terminalText(line)) : undefined,
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
