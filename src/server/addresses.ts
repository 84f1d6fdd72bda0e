/**
 * Which names to show and to hand to PeerJS clients for the address the server is bound to.
 */
import type { IncomingMessage } from 'node:http';
import type { SignalingTarget } from '../protocol.js';
import { lanAddresses } from './tls.js';
import { isLoopbackHost } from '../shared/loopback.js';

export interface HostDescription {
  /** For URLs: IPv6 literals in brackets. */
  urlHost: string;
  /** For PeerJS's `host` option on this machine: 'localhost' when bound to all interfaces. */
  clientHost: string;
  /** LAN addresses other machines can use, when bound to all interfaces. */
  networkHosts: string[];
  /** Only this machine can connect. */
  loopbackOnly: boolean;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

export function describeHost(host: string): HostDescription {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (WILDCARDS.has(host)) {
    return { urlHost: 'localhost', clientHost: 'localhost', networkHosts: lanAddresses(), loopbackOnly: false };
  }
  return {
    urlHost: bare.includes(':') ? `[${bare}]` : bare,
    clientHost: bare,
    networkHosts: [],
    loopbackOnly: isLoopbackHost(bare),
  };
}

/**
 * The PeerJS target for a page: the host and port from the request's Host header, so a page opened as
 * http://192.168.1.5:9000/ on another machine connects back to 192.168.1.5 and not to its own localhost.
 * A Host header that does not parse as a plain host[:port] falls back to the server's own names.
 */
export function pageInfoFor(req: IncomingMessage, fallback: SignalingTarget): SignalingTarget {
  const header = req.headers.host;
  if (!header || !/^[A-Za-z0-9.\-:[\]]+$/.test(header)) return fallback;
  try {
    const url = new URL(`${fallback.secure ? 'https' : 'http'}://${header}/`);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = url.port ? Number(url.port) : fallback.secure ? 443 : 80;
    return { ...fallback, host, port };
  } catch {
    return fallback;
  }
}
