/** Signaling server URLs ↔ the PeerJS options rtcdemo passes to its pages (for the CLI's --server and the API). */
import { UsageError } from './errors.js';
import type { SignalingTarget } from '../protocol.js';

/**
 * The signaling server to use, as PeerJS options. Accepts http(s)://host:port/path, ws(s)://…, or host:port.
 * The default port follows the scheme, as in a browser.
 */
export function parseServerUrl(flag: string, value: string, key = 'peerjs'): SignalingTarget {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`${flag} must be a URL such as http://localhost:9000/, got "${value}"`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!['http', 'https', 'ws', 'wss'].includes(scheme)) {
    throw new UsageError(`${flag} must use http, https, ws or wss, got "${value}"`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`${flag} must be a plain server URL without query, fragment or credentials, got "${value}"`);
  }
  const secure = scheme === 'https' || scheme === 'wss';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  if (port === 0) throw new UsageError(`${flag} needs the server's real port, not 0, got "${value}"`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { host, port, path, key, secure };
}

/** The URL a person would type for a target; the inverse of parseServerUrl. */
export function formatServerUrl(target: SignalingTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.secure ? 'https' : 'http'}://${host}:${target.port}${target.path}`;
}
