/** `rtcdemo send`: connect to a peer and send a message, with delivery confirmed where the peer can. */
import { Option, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { resolveIce } from '../ice-options.js';
import { addAgentOptions, resolveConnect, resolveServer, timestamp, type AgentFlags } from '../agent-options.js';
import { parseDuration, parsePeerId, parsePositiveInt } from '../options.js';
import { createTracePrinter, routeTraceEvents } from '../render/trace-line.js';
import { colorsFor, createLogger } from '../output.js';
import { SERIALIZATIONS, type Serialization } from '../../protocol.js';
import { renderSendReport, sendJson } from '../render/send-report.js';
import { sendProgressLine } from '../render/progress-line.js';
import { terminalJson, terminalText } from '../render/terminal-safe.js';
import { messageLimitBytes, textMessageWireBytes } from '../../shared/message-limits.js';
import { UsageError } from '../../core/errors.js';

interface SendFlags extends AgentFlags {
  to: string;
  id?: string;
  repeat: string;
  serialization: Serialization;
  timeout: string;
  json?: boolean;
}

export function registerSend(program: Command, ctx: CommandContext): void {
  const command = program
    .command('send')
    .description('connect to a peer from a headless browser and send a message on a reliable data channel')
    .argument('[message]', 'the text to send', 'hi!')
    .requiredOption('--to <id>', 'the peer to send to, e.g. receiver')
    .option('--id <id>', 'our own peer id (default: one the server assigns)')
    .option('--repeat <n>', 'send the message this many times', '1')
    .addOption(new Option('--serialization <type>', 'PeerJS serialization').choices(SERIALIZATIONS).default('binary'))
    .option('--timeout <duration>', 'give up on the server, the connection or an acknowledgement after this long', '10s')
    .option('--json', 'print the report as JSON on stdout');
  addAgentOptions(command)
    .addHelpText('after', `
Against an rtcdemo receiver, each message is acknowledged and the round-trip time printed.
Against a plain PeerJS page (the tutorial's receiver), which never answers, the message is reported "sent"
with the time the channel's buffer took to drain; learning that the page is a plain one takes a 1 s wait for
an rtcdemo hello, reported apart.

Examples:
  rtcdemo send --to receiver "hi!"
  rtcdemo send --to receiver --repeat 100 --json "ping"
  rtcdemo send --to receiver --server http://192.168.1.20:9000/ "hello from the terminal"`)
    .action(async (message: string, flags: SendFlags) => {
      const to = parsePeerId('--to', flags.to);
      const id = flags.id === undefined ? undefined : parsePeerId('--id', flags.id);
      const repeat = parsePositiveInt('--repeat', flags.repeat, { max: 100_000 });
      const timeoutMs = parseDuration('--timeout', flags.timeout, { minMs: 100 });
      checkTextFits(message, flags.serialization);
      const { server, serverUrl } = resolveServer(flags);
      const ice = resolveIce(flags);
      const connect = resolveConnect(flags);
      const verbose = Boolean(program.opts().verbose);
      const log = createLogger(ctx.io.stderr, { verbose });
      const c = colorsFor(ctx.io.stderr);
      const trace = flags.trace ? createTracePrinter(ctx.io.stderr, { json: Boolean(flags.json), color: c, time: timestamp }) : null;
      // Loaded when needed: it brings puppeteer, which --help and usage errors don't need.
      const { sendMessage } = await import('../../core/send.js');
      const report = await sendMessage({
        server,
        serverUrl,
        to,
        id,
        text: message,
        repeat,
        serialization: flags.serialization,
        timeoutMs,
        insecure: flags.insecure,
        browserPath: flags.browser,
        ice,
        connect,
        signal: ctx.signal,
        trace: Boolean(flags.trace),
        onEvent: routeTraceEvents(trace, (event) => {
          const line = sendProgressLine(event);
          if (line) (line.verbose ? log.verbose : log.info)(`${c.dim(timestamp(event.at))} ${line.text}`);
        }),
        onConsole: verbose ? (line) => log.verbose(terminalText(line)) : undefined,
      });
      ctx.io.stdout.write(flags.json ? `${terminalJson(sendJson(report, serverUrl), 2)}\n` : renderSendReport(report, colorsFor(ctx.io.stdout)));
    });
}

/** A message PeerJS or Chromium would refuse is refused here, with the limit, instead of timing out unacknowledged. */
function checkTextFits(text: string, serialization: Serialization): void {
  const limit = messageLimitBytes(serialization);
  const bytes = textMessageWireBytes(text, serialization);
  if (limit === null || bytes <= limit) return;
  throw new UsageError(`the message is ${bytes} bytes as ${serialization}, more than the ${limit} bytes one ${serialization} message can carry: use --serialization binary (PeerJS chunks it)`);
}
