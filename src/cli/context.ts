/** What every command gets from main: where to print, and a signal that fires on Ctrl-C / SIGTERM. */
import type { OutputStreams } from './output.js';

export interface CommandContext {
  io: OutputStreams;
  /** Aborted on SIGINT or SIGTERM; commands stop what they do, close what they own, and return. */
  signal: AbortSignal;
  /** Set by a command's action: the exit code it ends with when it does not throw. */
  exitCode: number;
}
