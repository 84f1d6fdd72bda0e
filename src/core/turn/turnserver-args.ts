/**
 * The coturn (`turnserver`, 4.6) command line rtcdemo runs: long-term credentials, listening and relaying
 * only on the given address, and **not an open relay**: every peer address is denied except the ranges
 * given (loopback by default). Pure, so the safety-relevant flags are checked by a table test.
 *
 * coturn's rules (turnserver(1), and ioa_addr_is_loopback in its source): an address in an
 * --allowed-peer-ip range is allowed even inside a --denied-peer-ip range; loopback peers are refused
 * whatever the lists say unless --allow-loopback-peers is given as well.
 */
import { isIP } from 'node:net';

export type TurnTransport = 'udp' | 'tcp' | 'tls';

export interface TurnserverArgsInput {
  listenIp: string;
  relayIp: string;
  /** UDP and TCP listen on this port (coturn always opens both on its listening port). */
  port: number;
  /** The TLS port, with the certificate files; null runs without TLS. */
  tls: { port: number; certFile: string; keyFile: string } | null;
  username: string;
  credential: string;
  realm: string;
  /** Peer ranges the relay may send to, as coturn spells them: `ip` or `ip-ip`. */
  allowedPeers: string[];
  /** Files coturn writes go here (pid file, its SQLite user database). */
  stateDir: string;
  /** Relay ports, inclusive. */
  relayPorts?: { min: number; max: number };
}

export const DENY_ALL_PEERS = ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'];

export function turnserverArgs(input: TurnserverArgsInput): string[] {
  const args = [
    // Command line only: the system's /etc/turnserver.conf must not change what runs.
    '-n',
    '--no-cli',
    // Logs go to our pipe (bounded there), never to /var/log or a file left behind.
    '--log-file=stdout',
    '--simple-log',
    // Verbose: the "listener opened" lines tell us the ports are ready (also inside a network namespace,
    // where a probe from here could not reach them).
    '--verbose',
    `--pidfile=${input.stateDir}/turnserver.pid`,
    // coturn opens an SQLite user database even when users come from --user; keep it in our temp dir.
    `--userdb=${input.stateDir}/turndb`,
    `--listening-ip=${input.listenIp}`,
    `--relay-ip=${input.relayIp}`,
    `--listening-port=${input.port}`,
    '--lt-cred-mech',
    `--user=${input.username}:${input.credential}`,
    `--realm=${input.realm}`,
    '--fingerprint',
    '--no-software-attribute',
    '--no-multicast-peers',
    '--no-dtls',
    ...(input.tls ? [`--tls-listening-port=${input.tls.port}`, `--cert=${input.tls.certFile}`, `--pkey=${input.tls.keyFile}`] : ['--no-tls']),
    ...(input.relayPorts ? [`--min-port=${input.relayPorts.min}`, `--max-port=${input.relayPorts.max}`] : []),
    ...DENY_ALL_PEERS.map((range) => `--denied-peer-ip=${range}`),
    ...input.allowedPeers.map((range) => `--allowed-peer-ip=${range}`),
  ];
  if (input.allowedPeers.some(rangeTouchesLoopback)) args.push('--allow-loopback-peers');
  return args;
}

export const LOOPBACK_PEERS = ['127.0.0.0-127.255.255.255', '::1'];

/**
 * A peer range as coturn takes it, from `10.1.0.0/16`, `10.1.0.5`, `10.1.0.1-10.1.0.9` or `::1`.
 * Returns null when it is none of these.
 */
export function toCoturnRange(text: string): string | null {
  const value = text.trim();
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(value);
  if (cidr) {
    const base = ipv4ToNumber(cidr[1]!);
    const bits = Number(cidr[2]);
    if (base === null || bits > 32) return null;
    const size = 2 ** (32 - bits);
    const first = base - (base % size);
    return `${numberToIpv4(first)}-${numberToIpv4(first + size - 1)}`;
  }
  const [from, to, ...rest] = value.split('-');
  if (rest.length > 0 || !from) return null;
  if (to === undefined) return isIP(from) ? from : null;
  return isIP(from) && isIP(to) === isIP(from) ? `${from}-${to}` : null;
}

function rangeTouchesLoopback(range: string): boolean {
  const [from = '', to = from] = range.split('-');
  if (from === '::1' || to === '::1') return true;
  const a = ipv4ToNumber(from);
  const b = ipv4ToNumber(to);
  if (a === null || b === null) return false;
  const loFirst = 127 * 2 ** 24;
  const loLast = 128 * 2 ** 24 - 1;
  return a <= loLast && b >= loFirst;
}

function ipv4ToNumber(ip: string): number | null {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The URLs of a server for the transports asked for; IPv6 addresses in brackets. */
export function turnUrls(host: string, port: number, tlsPort: number | null): Record<TurnTransport, string | null> {
  const h = host.includes(':') ? `[${host}]` : host;
  return {
    udp: `turn:${h}:${port}?transport=udp`,
    tcp: `turn:${h}:${port}?transport=tcp`,
    tls: tlsPort === null ? null : `turns:${h}:${tlsPort}?transport=tcp`,
  };
}
