/**
 * One network lab: builds the namespaces of plan.ts, and removes everything it made — processes left in its
 * namespaces first (a browser or server whose owner could not close it), then the namespaces, which take their
 * links, addresses, routes, nftables tables and qdiscs with them. A lab registers a synchronous clean-up for
 * process exit (a second Ctrl-C, an unexpected exit); a lab whose owner was SIGKILLed is removed by the next
 * run's sweepStaleLabs().
 */
import { rmSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { trackExitCleanup } from '../cleanup.js';
import { LAB_PREFIX, labAddresses, labBlock, labNames, labOwnerOf, type LabAddresses, type LabNames, type LabRole } from './names.js';
import { deleteNamespacesCommand, labPlan } from './plan.js';
import type { NetworkProfile } from './profile.js';
import type { LabTools } from './environment.js';
import { LabCommandError, runLabCommand, runLabCommandSync, runLabPlan } from './run-commands.js';
import { processIsAlive } from '../process-alive.js';

export interface NetworkLab {
  names: LabNames;
  addresses: LabAddresses;
  profile: NetworkProfile;
  tools: LabTools;
  /**
   * A temporary folder named after the lab (`<tmp>/rtcdemo-lab-<pid>-<n>`) for its browsers' profiles:
   * Chromium exits by itself when its owner is SIGKILLed (its DevTools pipe closes) but leaves its profile,
   * and the next run's sweep finds it here by the dead owner's pid.
   */
  tmpDir: string;
  /** Milliseconds `createLab` took. */
  setupMs: number;
  /** The argv prefix that runs a program inside one of the lab's namespaces. */
  execPrefix(role: LabRole): string[];
  /** Removes everything; safe to call more than once. Resolves with the milliseconds it took. */
  close(): Promise<number>;
}

let labCounter = 0;

export async function createLab(profile: NetworkProfile, tools: LabTools): Promise<NetworkLab> {
  const started = performance.now();
  labCounter += 1;
  const names = labNames(process.pid, labCounter);
  const addresses = labAddresses(labBlock(process.pid, labCounter));
  const namespaces = Object.values(names.namespaces);
  const tmpDir = path.join(os.tmpdir(), names.id);
  // Registered before the first namespace exists: an exit half-way through set-up still removes it.
  const untrack = trackExitCleanup(() => {
    removeNamespacesSync(tools, namespaces);
    rmSync(tmpDir, { recursive: true, force: true });
  });
  let closing: Promise<number> | null = null;
  const close = () => {
    closing ??= (async () => {
      const start = performance.now();
      await removeNamespaces(tools, namespaces);
      await rm(tmpDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
      untrack();
      return performance.now() - start;
    })();
    return closing;
  };
  try {
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    await runLabPlan(tools, labPlan(names, addresses, profile));
  } catch (error) {
    await close();
    throw error instanceof LabCommandError ? new EnvironmentError(`could not build the network lab: ${error.message}`) : error;
  }
  return {
    names,
    addresses,
    profile,
    tools,
    tmpDir,
    setupMs: performance.now() - started,
    execPrefix: (role) => [tools.ip, 'netns', 'exec', names.namespaces[role]],
    close,
  };
}

/** Removes labs whose owner process is gone (a SIGKILLed run). Returns the lab ids it removed. */
export async function sweepStaleLabs(tools: LabTools, isAlive: (pid: number) => boolean = processIsAlive): Promise<string[]> {
  const stale = (await listLabNamespaces(tools)).filter((n) => {
    const owner = labOwnerOf(n);
    return owner !== null && owner.pid !== process.pid && !isAlive(owner.pid);
  });
  if (stale.length) await removeNamespaces(tools, stale);
  const staleDirs = (await readdir(os.tmpdir()).catch(() => [] as string[])).filter((name) => {
    const owner = labOwnerOf(`${name}-dir`);
    return owner !== null && owner.id === name && owner.pid !== process.pid && !isAlive(owner.pid);
  });
  await Promise.all(staleDirs.map((name) => rm(path.join(os.tmpdir(), name), { recursive: true, force: true }).catch(() => undefined)));
  return [...new Set([...stale.map((n) => labOwnerOf(n)!.id), ...staleDirs])];
}

export async function listLabNamespaces(tools: LabTools): Promise<string[]> {
  const out = await runLabCommand(tools, { argv: ['ip', 'netns', 'list'] });
  return parseNamespaceList(out).filter((n) => n.startsWith(LAB_PREFIX));
}

/** `ip netns list` prints "name (id: 3)" or just "name", one a line. */
export function parseNamespaceList(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

async function removeNamespaces(tools: LabTools, namespaces: string[]): Promise<void> {
  killProcessesIn(await pidsIn(tools, namespaces));
  await runLabCommand(tools, deleteNamespacesCommand(namespaces)).catch(() => undefined);
}

function removeNamespacesSync(tools: LabTools, namespaces: string[]): void {
  killProcessesIn(parsePids(runLabCommandSync(tools, pidsCommand(namespaces))));
  runLabCommandSync(tools, deleteNamespacesCommand(namespaces));
}

async function pidsIn(tools: LabTools, namespaces: string[]): Promise<number[]> {
  return parsePids(await runLabCommand(tools, pidsCommand(namespaces)).catch(() => ''));
}

/** One process lists the pids of every namespace (`ip netns pids` takes one name at a time). */
function pidsCommand(namespaces: string[]) {
  return { argv: ['sh', '-c', 'for n in "$@"; do ip netns pids "$n" 2>/dev/null; done; true', 'sh', ...namespaces] };
}

function parsePids(output: string): number[] {
  return output
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 1 && n !== process.pid);
}

function killProcessesIn(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}


/** Does this kernel have tc netem (delay, jitter)? Tried in a scratch namespace that is removed at once. */
export async function probeNetem(tools: LabTools): Promise<{ available: boolean; reason: string | null }> {
  labCounter += 1;
  const scratch = `${LAB_PREFIX}${process.pid}-${labCounter}-probe`;
  try {
    await runLabCommand(tools, { argv: ['ip', 'netns', 'add', scratch] });
  } catch (error) {
    return { available: false, reason: `could not create a scratch namespace to look for tc netem: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    await runLabCommand(tools, { argv: ['tc', '-n', scratch, 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'] });
    return { available: true, reason: null };
  } catch (error) {
    const detail = error instanceof LabCommandError ? error.stderr.trim().split('\n')[0] : String(error);
    return { available: false, reason: `this kernel has no tc netem (sch_netem), which delay and jitter need: ${detail}` };
  } finally {
    await runLabCommand(tools, deleteNamespacesCommand([scratch])).catch(() => undefined);
  }
}
