import type { ChildProcess } from 'node:child_process';

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
  kill(): Promise<void>;
}

export function startServerProcess(kind: 'ours' | 'stock', options?: { port?: number; maxClients?: number }): Promise<ServerProcess>;
export const MiB: number;
export function toMiB(bytes: number): number;
