/**
 * Runs lab commands (ip, tc, nft through `ip netns exec`) as child processes, asynchronously for set-up and
 * tear-down, synchronously for the last-chance clean-up at process exit.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import type { LabCommand, LabPlan } from './plan.js';
import type { LabTools, LabTool } from './environment.js';

export class LabCommandError extends Error {
  override name = 'LabCommandError';
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${command}: ${firstLine(stderr) || 'failed'}`);
  }
}

export function resolveArgv(tools: LabTools, argv: string[]): [string, string[]] {
  const [tool, ...args] = argv;
  return [tools[tool as LabTool] ?? tool!, args];
}

/** `ip netns exec NS sh -c 'nft …'` finds tools by name: let it look where findLabTools looked. */
function childEnv(tools: LabTools): NodeJS.ProcessEnv {
  const dirs = [...new Set(Object.values(tools).map((file) => path.dirname(file)))];
  return { ...process.env, PATH: [process.env.PATH ?? '', ...dirs].filter(Boolean).join(':') };
}

export function runLabCommand(tools: LabTools, command: LabCommand): Promise<string> {
  const [file, args] = resolveArgv(tools, command.argv);
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { timeout: 10_000, maxBuffer: 1024 * 1024, env: childEnv(tools) }, (error, stdout, stderr) => {
      if (error) reject(new LabCommandError(command.argv.slice(0, 4).join(' '), stderr || error.message));
      else resolve(stdout);
    });
    // A command that reads no input may exit before we finish writing: that EPIPE is not a failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(command.stdin ?? '');
  });
}

/** Each step after the previous one; the commands of one step at once. Stops at the first failure. */
export async function runLabPlan(tools: LabTools, plan: LabPlan): Promise<void> {
  for (const step of plan) {
    const results = await Promise.allSettled(step.map((command) => runLabCommand(tools, command)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/** For exit handlers, where nothing asynchronous runs any more. Never throws. */
export function runLabCommandSync(tools: LabTools, command: LabCommand): string {
  const [file, args] = resolveArgv(tools, command.argv);
  try {
    return execFileSync(file, args, { input: command.stdin ?? '', timeout: 5_000, env: childEnv(tools), stdio: ['pipe', 'pipe', 'ignore'] }).toString();
  } catch {
    return '';
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
