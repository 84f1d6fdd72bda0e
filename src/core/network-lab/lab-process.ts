/**
 * A long-running child inside one of the lab's namespaces (the signaling server, turnserver): started with
 * `ip netns exec`, which execs the program in place, so the child's pid is the program's own. `stop()`
 * asks with SIGTERM, then SIGKILLs after a grace period; the lab's tear-down kills anything still left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LabProcess {
  child: ChildProcess;
  /** Output lines kept for an error message (the last 20). */
  recentOutput(): string[];
  stop(): Promise<void>;
}

export function startLabProcess(argv: string[], options: { onLine?: (line: string, stream: 'stdout' | 'stderr') => void } = {}): LabProcess {
  const [file, ...args] = argv;
  const child = spawn(file!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const recent: string[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream]! }).on('line', (line) => {
      recent.push(line.slice(0, 500));
      if (recent.length > 20) recent.shift();
      options.onLine?.(line, stream);
    });
  }
  child.on('error', () => undefined);
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let stopping: Promise<void> | null = null;
  return {
    child,
    recentOutput: () => [...recent],
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 1500);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** Resolves with the first line `accept` returns non-null for; rejects when the process exits or the time is up. */
export function waitForLine<T>(lab: LabProcess, accept: (line: string) => T | null, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const rl = createInterface({ input: lab.child.stdout! });
    const done = (fn: () => void) => {
      clearTimeout(timer);
      rl.close();
      lab.child.off('exit', onExit);
      fn();
    };
    const onExit = () => done(() => reject(new Error(`${what} exited: ${lab.recentOutput().slice(-3).join(' | ') || 'no output'}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s: ${lab.recentOutput().slice(-3).join(' | ') || 'no output'}`))), timeoutMs);
    lab.child.once('exit', onExit);
    rl.on('line', (line) => {
      const value = accept(line);
      if (value !== null) done(() => resolve(value));
    });
  });
}
