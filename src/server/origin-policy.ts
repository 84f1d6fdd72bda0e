/**
 * Which web pages may use this server (the Origin header), and under which names it may be addressed (the Host
 * header).
 *
 * Why: browsers apply no same-origin rule to WebSockets, so without a check any page the user visits could open
 * ws://localhost:9000, take the `receiver` id or message a running receiver
 * (https://christian-schneider.net/CrossSiteWebSocketHijacking.html). And a page on evil.example whose DNS later
 * points at 127.0.0.1 ("DNS rebinding") reaches this server with `Host: evil.example`; answering it would hand the
 * demo pages, written for that Host, to the attacker's origin. Node PeerJS clients and other programs send no
 * Origin; they could reach the port anyway, so they are let through.
 *
 * Allowed by default:
 * - requests without an Origin (not from a browser page), and same-origin ones (Origin = this scheme://Host);
 * - pages on this server under any of its names, on its port and scheme;
 * - pages on loopback origins (localhost, 127.0.0.1, [::1]) on any port: the tutorial's own pages served by a
 *   local dev server, and rtcdemo's agents, whose page is served from 127.0.0.1 on a port the OS picks. Only
 *   software on the browser's own machine can serve those origins, and it could reach this port without a browser.
 * A Host is accepted when it is one of the server's names or an IP address (no DNS, so nothing to rebind).
 * `--allow-origin <origin>` adds an origin, and its host name as a Host; `*` turns both checks off.
 */
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { lanAddresses } from './tls.js';
import { isLoopbackHost } from '../shared/loopback.js';

export const ALLOW_ANY_ORIGIN = '*';
/** What browsers send for file:// pages and sandboxed frames. */
export const NULL_ORIGIN = 'null';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);
/** A header quoted back in a refusal is cut here: it is the client's text, not ours. */
const QUOTED_MAX = 100;

export type OriginRefusal = 'host-not-allowed' | 'origin-not-allowed';
/** `message` is for the log and quotes the header; `body` is what the client is told, without echoing it. */
export type OriginCheck = { ok: true; corsOrigin: string | null } | { ok: false; reason: OriginRefusal; message: string; body: string };

export interface OriginPolicy {
  /** The names (host names and addresses) the server answers to. */
  readonly names: readonly string[];
  readonly allowAny: boolean;
  /** Checks one request's Host and Origin headers; `port` is the local port it arrived on. */
  check(headers: { host?: string | undefined; origin?: string | undefined }, port: number): OriginCheck;
}

/**
 * An --allow-origin value as an origin (scheme://host[:port], default ports dropped), 'null' or '*'.
 * Throws a RangeError naming what is wrong.
 */
export function parseAllowedOrigin(value: string): string {
  const trimmed = value.trim();
  if (trimmed === ALLOW_ANY_ORIGIN || trimmed === NULL_ORIGIN) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new RangeError(`"${value}" is not an origin: give scheme://host[:port], such as http://localhost:8080, or * for any`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`"${value}" is not a web origin: its scheme must be http or https`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new RangeError(`"${value}" is a URL, not an origin: give only scheme://host[:port], such as ${url.origin}`);
  }
  return url.origin;
}

export function createOriginPolicy(options: { host: string; secure: boolean; allowOrigins?: readonly string[] }): OriginPolicy {
  const allowed = new Set(options.allowOrigins ?? []);
  const allowAny = allowed.has(ALLOW_ANY_ORIGIN);
  const scheme = options.secure ? 'https' : 'http';
  const names = new Set(serverNames(options.host));
  for (const origin of allowed) {
    if (origin !== ALLOW_ANY_ORIGIN && origin !== NULL_ORIGIN) names.add(bareHost(new URL(origin).hostname));
  }

  const check = (headers: { host?: string | undefined; origin?: string | undefined }, port: number): OriginCheck => {
    if (allowAny) return { ok: true, corsOrigin: headers.origin ?? null };
    const host = headers.host === undefined ? null : parseHostHeader(headers.host);
    if (host === undefined || (host !== null && !isIP(host) && !names.has(host))) {
      return {
        ok: false,
        reason: 'host-not-allowed',
        message:
          `Host "${quote(headers.host ?? '')}" is not a name of this server, which answers to ${describeNames(names)} and IP addresses ` +
          `(refused against DNS rebinding); to use this name, start it with --allow-origin ${scheme}://${quote(headers.host ?? '')}`,
        body: `Forbidden: this server does not answer to the name in the Host header (protection against DNS rebinding). Its names: ${describeNames(names)} and IP addresses; the operator can add one with --allow-origin.`,
      };
    }
    const origin = headers.origin;
    if (origin === undefined) return { ok: true, corsOrigin: null };
    if (allowed.has(origin)) return { ok: true, corsOrigin: origin };
    const parsed = parseOrigin(origin);
    if (parsed) {
      const sameOrigin = host !== null && parsed.origin === safeOrigin(`${scheme}://${headers.host}`);
      const loopbackPage = LOOPBACK_NAMES.includes(parsed.host);
      const ownName = names.has(parsed.host) && parsed.scheme === scheme && parsed.port === port;
      if (sameOrigin || loopbackPage || ownName || allowed.has(parsed.origin)) return { ok: true, corsOrigin: origin };
    }
    return {
      ok: false,
      reason: 'origin-not-allowed',
      message:
        `Origin ${quote(origin)} is not allowed: this server accepts pages from its own origins (${describeNames(names)} on port ${port}) ` +
        `and from localhost; to allow this one, start it with --allow-origin ${quote(origin)}`,
      body: 'Forbidden: pages from this origin may not use this signaling server; the operator can allow it with --allow-origin.',
    };
  };
  return { names: [...names], allowAny, check };
}

/** The names the server answers to when listening on `host`. */
export function serverNames(host: string): string[] {
  const bare = bareHost(host);
  if (WILDCARDS.has(host) || WILDCARDS.has(bare)) {
    const machine = hostname().toLowerCase();
    const mdns = machine.includes('.') ? [] : [`${machine}.local`];
    return unique([...LOOPBACK_NAMES, ...lanAddresses(), machine, ...mdns]);
  }
  if (isLoopbackHost(bare)) return unique([...LOOPBACK_NAMES, bare]);
  return [bare];
}

/** The host name or address in a Host header (lowercase, IPv6 without brackets); undefined when it does not parse. */
function parseHostHeader(header: string): string | undefined {
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(header)) return undefined;
  try {
    return bareHost(new URL(`http://${header}/`).hostname);
  } catch {
    return undefined;
  }
}

function parseOrigin(origin: string): { origin: string; scheme: string; host: string; port: number } | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const scheme = url.protocol.slice(0, -1);
    const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
    return { origin: url.origin, scheme, host: bareHost(url.hostname), port };
  } catch {
    return null;
  }
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function describeNames(names: Set<string>): string {
  return [...names].map((n) => (n.includes(':') ? `[${n}]` : n)).join(', ');
}

function quote(text: string): string {
  return text.length > QUOTED_MAX ? `${text.slice(0, QUOTED_MAX)}…` : text;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
