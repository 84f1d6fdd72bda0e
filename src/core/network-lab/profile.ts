/**
 * `--network <profile>`: what the network between the two browsers looks like. Pure: parses and validates
 * the comma-separated profile text into a `NetworkProfile`; src/core/network-lab/plan.ts turns that into
 * namespaces, routes, nftables rules and qdiscs.
 */
import { UsageError } from '../errors.js';

/** How the two sides reach each other and the servers. */
export type NetworkBase = 'lan' | 'nat' | 'symmetric-nat';

export interface NetworkProfile {
  /** The profile in canonical form: base first, then modifiers in a fixed order ("nat,loss=5%,rate=1mbit"). */
  text: string;
  base: NetworkBase;
  /** Each side's router lets only TCP to the wan servers out: no UDP at all, no direct TCP between the sides. */
  udpBlocked: boolean;
  /** Random drop of this share (0–100) of each side's outgoing packets (nftables `numgen random`). */
  lossPercent: number | null;
  /** Each side's uplink limit in bits per second (tc tbf). */
  rateBitsPerSecond: number | null;
  /** One-way delay added to each side's uplink (tc netem). */
  delayMs: number | null;
  /** Delay variation on top of `delayMs` (tc netem). */
  jitterMs: number | null;
}

export const NETWORK_PROFILE_HELP: ReadonlyArray<readonly [string, string]> = [
  ['lan', 'no NAT: the routers forward, every address is reachable (the default base)'],
  ['nat', 'each side behind its own NAT (nftables masquerade): host candidates fail, STUN (srflx) works'],
  ['symmetric-nat', 'a new mapping per destination (masquerade fully-random): srflx fails, only TURN relays work'],
  ['udp-blocked', 'each side may only open TCP to the wan servers: TURN over TCP is the way through'],
  ['loss=5%', "drop this share of each side's outgoing packets at random (nftables)"],
  ['rate=1mbit', "limit each side's uplink (tc tbf); units bit, kbit, mbit, gbit"],
  ['delay=80ms', "add one-way delay to each side's uplink (tc netem; needs the sch_netem kernel module)"],
  ['jitter=20ms', 'vary that delay by up to this much (tc netem)'],
];

const BASES: readonly NetworkBase[] = ['lan', 'nat', 'symmetric-nat'];
const RATE_UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 };
const MIN_RATE = 8_000;
const MAX_RATE = 10e9;
const MAX_DELAY_MS = 10_000;

export function describeProfiles(): string {
  return NETWORK_PROFILE_HELP.map(([name]) => name.replace(/=.*/, '=…')).join(', ');
}

export function parseNetworkProfile(text: string): NetworkProfile {
  const items = text.split(',').map((s) => s.trim().toLowerCase());
  if (items.some((s) => s === '')) throw usage(`"${text}" has an empty item`);
  const profile: Omit<NetworkProfile, 'text'> = { base: 'lan', udpBlocked: false, lossPercent: null, rateBitsPerSecond: null, delayMs: null, jitterMs: null };
  const seen = new Set<string>();
  let baseGiven: NetworkBase | null = null;
  for (const item of items) {
    const [key, value] = item.includes('=') ? [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)] : [item, null];
    if (seen.has(key)) throw usage(`"${key}" appears twice in "${text}"`);
    seen.add(key);
    if ((BASES as readonly string[]).includes(key) && value === null) {
      if (baseGiven) throw usage(`"${baseGiven}" and "${key}" can't be combined: choose one of ${BASES.join(', ')}`);
      baseGiven = key as NetworkBase;
      profile.base = baseGiven;
    } else if (key === 'udp-blocked' && value === null) {
      profile.udpBlocked = true;
    } else if (key === 'loss' && value !== null) {
      profile.lossPercent = parseLoss(value);
    } else if (key === 'rate' && value !== null) {
      profile.rateBitsPerSecond = parseRate(value);
    } else if ((key === 'delay' || key === 'jitter') && value !== null) {
      profile[key === 'delay' ? 'delayMs' : 'jitterMs'] = parseDelay(key, value);
    } else {
      throw usage(`unknown profile "${item}"`);
    }
  }
  return { text: canonicalText(profile), ...profile };
}

export function canonicalText(p: Omit<NetworkProfile, 'text'>): string {
  return [
    p.base,
    p.udpBlocked ? 'udp-blocked' : null,
    p.lossPercent !== null ? `loss=${p.lossPercent}%` : null,
    p.rateBitsPerSecond !== null ? `rate=${formatRate(p.rateBitsPerSecond)}` : null,
    p.delayMs !== null ? `delay=${p.delayMs}ms` : null,
    p.jitterMs !== null ? `jitter=${p.jitterMs}ms` : null,
  ]
    .filter((x): x is string => x !== null)
    .join(',');
}

/** True when the profile needs tc netem (absent from some kernels, e.g. this project's machine). */
export function needsNetem(profile: NetworkProfile): boolean {
  return profile.delayMs !== null || profile.jitterMs !== null;
}

export function formatRate(bits: number): string {
  for (const [unit, size] of [['gbit', 1e9], ['mbit', 1e6], ['kbit', 1e3]] as const) {
    if (bits >= size && Number.isInteger(bits / size)) return `${bits / size}${unit}`;
  }
  return `${bits}bit`;
}

function parseLoss(value: string): number {
  const match = /^(\d+(?:\.\d{1,2})?)%?$/.exec(value);
  const n = match ? Number(match[1]) : NaN;
  if (!match || n <= 0 || n > 100) throw usage(`loss=${value}: give a percentage above 0 and up to 100, e.g. loss=5%`);
  return n;
}

function parseRate(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([a-z]+)$/.exec(value);
  const unit = match ? RATE_UNITS[match[2]!] : undefined;
  if (!match || unit === undefined) {
    // tc reads "kbps" as kilobytes per second; refuse it rather than guess.
    throw usage(`rate=${value}: give bits per second with a unit bit, kbit, mbit or gbit, e.g. rate=1mbit`);
  }
  const bits = Math.round(Number(match[1]) * unit);
  if (bits < MIN_RATE || bits > MAX_RATE) throw usage(`rate=${value}: give a rate from 8kbit to 10gbit`);
  return bits;
}

function parseDelay(key: string, value: string): number {
  const match = /^(\d+)(ms)?$/.exec(value);
  const n = match ? Number(match[1]) : NaN;
  if (!match || n > MAX_DELAY_MS) throw usage(`${key}=${value}: give whole milliseconds up to ${MAX_DELAY_MS}, e.g. ${key}=${key === 'delay' ? 80 : 20}ms`);
  return n;
}

function usage(what: string): UsageError {
  return new UsageError(`--network: ${what}; profiles (join with commas): ${describeProfiles()}`);
}
