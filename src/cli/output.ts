/**
 * Where things are printed: results on stdout, progress and logs on stderr.
 * Colours come from chalk, which already turns itself off under NO_COLOR or when the stream is not a TTY;
 * `colorsFor(stream)` asks the same question of the stream actually written to.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function colorsFor(stream: { isTTY?: boolean }): ChalkInstance {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const force = process.env.FORCE_COLOR;
  // FORCE_COLOR=0 or false turns colour off, as in chalk and Node; any other value turns it on.
  if (force === '0' || force === 'false') return new Chalk({ level: 0 });
  const forced = force !== undefined;
  return new Chalk({ level: noColor ? 0 : forced || stream.isTTY ? 1 : 0 });
}

/** The logger a command uses for stderr lines. `verbose` lines only appear with --verbose. */
export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  verbose(line: string): void;
  readonly isVerbose: boolean;
  readonly isTTY: boolean;
}

export function createLogger(stderr: OutputStreams['stderr'], options: { verbose?: boolean; quiet?: boolean } = {}): Logger {
  const c = colorsFor(stderr);
  const write = (line: string) => stderr.write(`${line}\n`);
  return {
    info: (line) => { if (!options.quiet) write(line); },
    warn: (line) => write(c.yellow(line)),
    verbose: (line) => { if (options.verbose) write(c.dim(line)); },
    isVerbose: Boolean(options.verbose),
    isTTY: Boolean(stderr.isTTY),
  };
}
