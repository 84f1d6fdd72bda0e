/**
 * The rtcdemo program: builds the commander program and is the single exit point.
 * Every error is caught here and printed as one line; the stack only with --verbose or DEBUG.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, isRtcdemoError } from '../core/errors.js';
import { colorsFor, type OutputStreams } from './output.js';
import type { CommandContext } from './context.js';
import { registerServe } from './commands/serve.js';
import { registerReceive } from './commands/receive.js';
import { registerSend } from './commands/send.js';
import { registerCall } from './commands/call.js';
import { registerCallTest } from './commands/call-test.js';
import { registerTurn } from './commands/turn.js';
import { emergencyCleanup } from '../core/cleanup.js';

import { VERSION } from './version.js';
import { terminalText } from './render/terminal-safe.js';

/** An error line is one line; a server's ERROR text can't make it a screenful. */
const ERROR_LINE_MAX_CHARS = 1000;

export function createProgram(ctx: CommandContext): Command {
  const program = new Command('rtcdemo')
    .description('Learn and check WebRTC with PeerJS: a signaling server, the tutorial\'s pages, headless Chromium or Firefox agents, and a call test with a verdict.')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'print page console output, browser errors and stack traces on stderr')
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: () => {}, // printed once, by runCli
    })
    .showSuggestionAfterError(true)
    // Errors come back to runCli as exceptions: commander must never exit the process itself.
    .exitOverride()
    .addHelpText('after', `
Exit codes:
  0    success (call-test: every check passed)
  1    a check failed (call-test verdict, receive --count not reached in time)
  2    usage error: a bad flag, a value that can't work, a bad peer id, a key the server refused
  3    environment problem: no browser, port in use, server unreachable or not PeerJS, untrusted
       certificate, http/https mismatch, id taken, peer not found
  130  interrupted (Ctrl-C), 143 terminated (SIGTERM)

Start here:
  rtcdemo serve                     then open http://localhost:9000/ in two tabs
  rtcdemo receive                   a headless receiver, in a second terminal
  rtcdemo send --to receiver "hi!"  in a third
  rtcdemo call-test                 everything at once, with a verdict
  rtcdemo call-test --turn          the same through a TURN relay (coturn), relay-only`);
  for (const register of [registerServe, registerReceive, registerSend, registerCall, registerCallTest, registerTurn]) {
    register(program, ctx);
  }
  // Commander copies exitOverride into a subcommand only when it is created through a configured parent's
  // defaults, so set it on each explicitly.
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs one command line and returns its exit code; never exits the process (tests call this in-process). */
export async function runCli(argv: string[], ctx: CommandContext): Promise<number> {
  const program = createProgram(ctx);
  const verbose = argv.includes('--verbose') || Boolean(process.env.DEBUG);
  try {
    await program.parseAsync(argv);
    return ctx.signal.aborted ? signalExitCode(ctx.signal) : ctx.exitCode;
  } catch (error) {
    if (ctx.signal.aborted) return signalExitCode(ctx.signal);
    if (error instanceof CommanderError) {
      if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      // Commander puts its "Did you mean …?" on a second line; the user gets one.
      const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      printError(ctx.io, `${message}${message.includes('--help') ? '' : ' (see --help)'}`);
      return ExitCode.usage;
    }
    if (isRtcdemoError(error)) {
      printError(ctx.io, error.message);
      if (verbose && error.stack) ctx.io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    printError(ctx.io, `unexpected failure: ${err.message}${verbose ? '' : ' (run with --verbose for details)'}`);
    if (verbose && err.stack) ctx.io.stderr.write(`${err.stack}\n`);
    return ExitCode.checkFailed;
  }
}

function signalExitCode(signal: AbortSignal): number {
  return signal.reason === 'SIGTERM' ? ExitCode.sigterm : ExitCode.sigint;
}

/** Error messages quote server text, peer ids and what the user typed: one escaped line, whatever they hold. */
function printError(io: OutputStreams, message: string): void {
  const c = colorsFor(io.stderr);
  // Error messages quote what servers and peers said (ERROR text, close reasons): one line, made safe.
  io.stderr.write(`${c.red('rtcdemo:')} ${terminalText(message, { maxChars: ERROR_LINE_MAX_CHARS })}\n`);
}

/** The process entry point used by bin/rtcdemo.js. */
export async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: the user wants out now. Kill browsers and remove profiles synchronously, then go.
      emergencyCleanup();
      process.exit(name === 'SIGTERM' ? ExitCode.sigterm : ExitCode.sigint);
    }
    controller.abort(name);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // Whatever happens, no Chromium and no temp profile outlives this process.
  process.on('exit', emergencyCleanup);
  // `rtcdemo … | head` closes the pipe early: the reader is gone, so stop as a shell tool would on SIGPIPE
  // (quietly, everything closed) instead of dying on an unhandled 'error' event with a stack trace.
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    emergencyCleanup();
    process.exit(process.exitCode ?? ExitCode.ok);
  };
  process.stdout.on('error', onOutputError);
  process.stderr.on('error', onOutputError);
  const ctx: CommandContext = { io: { stdout: process.stdout, stderr: process.stderr }, signal: controller.signal, exitCode: ExitCode.ok };
  const code = await runCli(argv, ctx);
  process.exitCode = code;
  // Commands close what they own; stdout may still be flushing to a pipe, so let Node exit by itself.
  // A leaked handle would keep it alive, so make sure it can't hang forever.
  setTimeout(() => process.exit(code), 2000).unref();
}
