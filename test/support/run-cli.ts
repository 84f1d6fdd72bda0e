/**
 * Runs one rtcdemo command line in-process, as `main` would, with stdout and stderr captured as strings.
 * `args` are what a user types after `rtcdemo`.
 */
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { ExitCode } from '../../src/core/errors.js';
import type { CommandContext } from '../../src/cli/context.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class ProcessExitCalled extends Error {
  constructor(readonly exitCode: number | string | null | undefined) {
    super(`process.exit(${String(exitCode)}) was called in-process`);
  }
}

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}

export async function runCliCaptured(args: string[], options: { signal?: AbortSignal } = {}): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const ctx: CommandContext = {
    io: { stdout: stdout.stream, stderr: stderr.stream },
    signal: options.signal ?? new AbortController().signal,
    exitCode: ExitCode.ok,
  };
  // runCli promises never to exit the process; if something in it does, that must fail the test that
  // caused it instead of ending the test run.
  const realExit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new ProcessExitCalled(code);
  }) as typeof process.exit;
  try {
    const code = await runCli(['node', 'rtcdemo', ...args], ctx);
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    process.exit = realExit;
  }
}
