/**
 * Starts bench/reliability/server-child.mjs (ours or the stock `peer` server) in its own Node process and talks
 * to it over IPC: its port, its memory after GC, its stats, close(). Used by test/server/floods.test.ts,
 * test/e2e/server-under-load.test.ts and bench/reliability/*.mjs (through bench/import-ts.mjs).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { packageFile } from '../../src/shared/package-root.js';

/** Found from the package root, so this works as test/support/*.ts and as the bench's bundled copy alike. */
const CHILD = packageFile('bench', 'reliability', 'server-child.mjs');

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Peak resident set since the process started. */
  maxRss: number;
  gcExposed: boolean;
}

export interface ServerProcess {
  kind: 'ours' | 'stock';
  port: number;
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  stderr(): string;
  memory(): Promise<ServerMemory>;
  /** Ours: SignalingServer.stats(); stock: {stockErrors}. */
  stats(): Promise<Record<string, unknown>>;
  close(): Promise<true>;
  /** Ends the process (idempotent); resolves when it is gone. */
  kill(): Promise<void>;
}

type ChildMessage = Record<string, unknown>;

export async function startServerProcess(kind: 'ours' | 'stock', { port = 0, maxClients }: { port?: number; maxClients?: number } = {}): Promise<ServerProcess> {
  const args = [kind, '--port', String(port), ...(maxClients === undefined ? [] : ['--max-clients', String(maxClients)])];
  const child = fork(CHILD, args, { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += String(chunk); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const ready = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (message: ChildMessage) => resolve(message.ready as { port: number }));
    void exited.then(({ code, signal }) => reject(new Error(`the ${kind} server process exited (${code ?? signal}) before it was ready: ${stderr.trim()}`)));
  });
  // One question at a time: each answer is the next message with the expected key.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(cmd: string, key: string): Promise<T> => {
    const answer = queue.then(
      () =>
        new Promise<T>((resolve, reject) => {
          const onMessage = (message: ChildMessage) => {
            if (!(key in message)) return;
            child.off('message', onMessage);
            resolve(message[key] as T);
          };
          child.on('message', onMessage);
          if (!child.connected) reject(new Error(`the ${kind} server process is gone: ${stderr.trim()}`));
          else child.send({ cmd });
        }),
    );
    queue = answer.catch(() => undefined);
    return answer;
  };
  return {
    kind,
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}/`,
    child,
    exited,
    stderr: () => stderr,
    memory: () => ask<ServerMemory>('memory', 'memory'),
    stats: () => ask<Record<string, unknown>>('stats', 'stats'),
    close: () => ask<true>('close', 'closed'),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export const MiB = 1024 * 1024;
export const toMiB = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;
