/**
 * What one lab is called and where its addresses are. Pure.
 *
 * Namespace names carry a prefix, the owner's pid and a per-process counter ("rtcdemo-lab-4242-1-wan"), so
 * that two labs never share a name and a later run can find labs whose owner died (SIGKILL) and remove them.
 *
 * Addresses: every lab has its own /24s, 10.<block>.1.0/24 and 10.<block>.2.0/24 for the two LANs and
 * 198.18.<block>.0/24 (RFC 2544's benchmarking range, never routed on the internet) for the wan. The lab's
 * namespaces are joined only to each other, never to the root namespace, so even equal blocks could not meet;
 * distinct blocks keep logs and packet captures of concurrent labs apart.
 */
export const LAB_PREFIX = 'rtcdemo-lab-';

export const LAB_ROLES = ['wan', 'rtr-a', 'rtr-b', 'lan-a', 'lan-b'] as const;
export type LabRole = (typeof LAB_ROLES)[number];

export interface LabNames {
  /** "rtcdemo-lab-4242-1": the prefix of every namespace of this lab. */
  id: string;
  ownerPid: number;
  namespaces: Record<LabRole, string>;
}

export interface LabAddresses {
  block: number;
  /** Where the signaling and TURN servers listen (the wan namespace's bridge). */
  wan: string;
  wanPrefix: string;
  /** Each router's address on the wan: the public address its NAT maps the side to. */
  routerA: string;
  routerB: string;
  lanA: { prefix: string; gateway: string; host: string };
  lanB: { prefix: string; gateway: string; host: string };
}

export function labNames(ownerPid: number, counter: number): LabNames {
  const id = `${LAB_PREFIX}${ownerPid}-${counter}`;
  const namespaces = Object.fromEntries(LAB_ROLES.map((role) => [role, `${id}-${role}`])) as Record<LabRole, string>;
  return { id, ownerPid, namespaces };
}

/** A block per lab from the pid and counter; 0–249 keeps every address valid. */
export function labBlock(ownerPid: number, counter: number): number {
  return (ownerPid * 7 + counter) % 250;
}

export function labAddresses(block: number): LabAddresses {
  const lan = (side: 1 | 2) => ({ prefix: `10.${block}.${side}.0/24`, gateway: `10.${block}.${side}.1`, host: `10.${block}.${side}.2` });
  return {
    block,
    wan: `198.18.${block}.1`,
    wanPrefix: `198.18.${block}.0/24`,
    routerA: `198.18.${block}.2`,
    routerB: `198.18.${block}.3`,
    lanA: lan(1),
    lanB: lan(2),
  };
}

/** The owner pid of a namespace that belongs to some lab (ours or a dead run's), or null for any other name. */
export function labOwnerOf(namespace: string): { id: string; pid: number } | null {
  const match = new RegExp(`^(${LAB_PREFIX}(\\d+)-\\d+)-[a-z-]+$`).exec(namespace);
  return match ? { id: match[1]!, pid: Number(match[2]) } : null;
}
