/**
 * Can this machine build a lab? Linux, root or CAP_NET_ADMIN + CAP_SYS_ADMIN (`ip netns add` mounts), and the
 * tools `ip`, `tc` (iproute2) and `nft` (nftables). Each missing piece is one EnvironmentError line (exit 3).
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

export type LabTool = 'ip' | 'tc' | 'nft' | 'sh';
export type LabTools = Record<LabTool, string>;

const TOOL_PACKAGES: Record<LabTool, string> = { ip: 'iproute2', tc: 'iproute2', nft: 'nftables', sh: 'dash' };
// A non-root PATH often lacks the sbin directories where Debian puts ip, tc and nft.
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

const CAP_NET_ADMIN = 12;
const CAP_SYS_ADMIN = 21;

export function findLabTools(env: NodeJS.ProcessEnv = process.env, extraDirs: readonly string[] = EXTRA_DIRS): LabTools {
  const dirs = [...new Set([...(env.PATH ?? '').split(':').filter(Boolean), ...extraDirs])];
  const found: Partial<LabTools> = {};
  const missing: string[] = [];
  for (const tool of Object.keys(TOOL_PACKAGES) as LabTool[]) {
    const hit = dirs.map((d) => path.join(d, tool)).find(isExecutable);
    if (hit) found[tool] = hit;
    else missing.push(`${tool} (package ${TOOL_PACKAGES[tool]})`);
  }
  if (missing.length) {
    throw new EnvironmentError(`the network lab needs ${missing.join(' and ')}: not found in ${dirs.join(', ')}; install it (apt-get install iproute2 nftables)`);
  }
  return found as LabTools;
}

/** Throws unless this process may create network namespaces. */
export function checkLabPrivileges(platform: NodeJS.Platform = process.platform, status: () => string = readOwnStatus): void {
  if (platform !== 'linux') throw new EnvironmentError(`the network lab needs Linux network namespaces; this is ${platform}`);
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(status());
  const caps = effective ? BigInt(`0x${effective[1]}`) : 0n;
  const has = (bit: number) => (caps >> BigInt(bit)) & 1n;
  if (!has(CAP_NET_ADMIN) || !has(CAP_SYS_ADMIN)) {
    throw new EnvironmentError('the network lab needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces: run it with sudo or as root in CI');
  }
}

function readOwnStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
