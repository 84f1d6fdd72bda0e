/**
 * Network-lab test support: whether this machine can run a lab (root, Linux, ip/tc/nft, Chromium, coturn), and
 * what a run left behind — its namespaces (named after the CLI child's pid), processes still serving its wan
 * address (turnserver, the lab signaling server), browsers using a profile in its private TMPDIR, and nftables
 * tables in the root namespace (the lab must never add any there).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { checkLabPrivileges, findLabTools } from '../../src/core/network-lab/environment.js';
import { labAddresses, labBlock } from '../../src/core/network-lab/names.js';
import { findBrowser } from '../../src/core/browser/find-browser.js';

/** Null when a lab can run here, else why not (the tests skip with it). */
export function labUnavailableReason(): string | null {
  try {
    checkLabPrivileges();
    findLabTools();
    findBrowser(undefined);
    execFileSync('turnserver', ['--help'], { stdio: 'ignore' });
    return null;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== undefined && status !== null) return null; // turnserver --help exits 1 after printing help
    return error instanceof Error ? error.message : String(error);
  }
}

export function labNamespacesOf(pid: number): string[] {
  return execFileSync('ip', ['netns', 'list']).toString().split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`rtcdemo-lab-${pid}-`));
}

export function rootNftTables(): string[] {
  return execFileSync('nft', ['list', 'tables']).toString().split('\n').filter(Boolean);
}

/** Processes whose command line names the wan address of the first lab `pid` built (turnserver, signaling). */
export function processesServing(pid: number, counter = 1): string[] {
  const wan = labAddresses(labBlock(pid, counter)).wan;
  const found: string[] = [];
  for (const p of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(wan) && !cmd.includes('vitest')) found.push(`${p}: ${cmd.slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export interface LabLeftovers {
  namespaces: string[];
  servers: string[];
  browsers: Array<{ pid: number; cmd: string }>;
  profiles: string[];
  rootNftTables: string[];
}

export const NOTHING_LEFT: LabLeftovers = { namespaces: [], servers: [], browsers: [], profiles: [], rootNftTables: [] };

/** Processes (browsers) whose profile is anywhere under `tmp` (the lab keeps them in `<tmp>/rtcdemo-lab-…/`). */
function browsersUnder(tmp: string): Array<{ pid: number; cmd: string }> {
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const p of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(`--user-data-dir=${tmp}/`)) found.push({ pid: Number(p), cmd: cmd.slice(0, 120) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** What a CLI child with pid `pid` and TMPDIR `tmp` left, after a short grace for processes to end. */
export async function labLeftovers(pid: number, tmp: string, tablesBefore: string[]): Promise<LabLeftovers> {
  const deadline = Date.now() + 5000;
  const look = (): LabLeftovers => ({
    namespaces: labNamespacesOf(pid),
    servers: processesServing(pid),
    browsers: browsersUnder(tmp),
    profiles: readdirSync(tmp).filter((n) => n.startsWith('rtcdemo-profile-') || n.startsWith('rtcdemo-lab-')),
    rootNftTables: rootNftTables().filter((t) => !tablesBefore.includes(t)),
  });
  let left = look();
  while (JSON.stringify(left) !== JSON.stringify(NOTHING_LEFT) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = look();
  }
  return left;
}
