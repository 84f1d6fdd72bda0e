/**
 * ICE server configuration from the command line: `--ice-server <url>` (repeatable), `--ice-username` /
 * `--ice-credential`, and `--ice-servers <file.json>` holding an `RTCIceServer[]` as apps keep it.
 * Pure: every function returns the validated list or throws a UsageError naming the flag (or file) and
 * what is wrong, before any browser starts. Chromium would otherwise throw a SyntaxError or
 * InvalidAccessError from the RTCPeerConnection constructor, deep inside PeerJS, long after start-up.
 *
 * URL syntax: RFC 7064 (stun:, stuns:) and RFC 7065 (turn:, turns:, `?transport=udp|tcp`).
 */
import { UsageError } from '../errors.js';
import type { IceServerConfig } from '../../protocol.js';

export type IceScheme = 'stun' | 'stuns' | 'turn' | 'turns';

export interface ParsedIceUrl {
  /** The URL as the browser gets it: no inline credentials. */
  url: string;
  scheme: IceScheme;
  host: string;
  port: number | null;
  transport: 'udp' | 'tcp' | null;
  /** From `turn:user:pass@host`, a convenience some tools accept; browsers don't, so it is moved out. */
  username?: string;
  credential?: string;
}

const SCHEMES: readonly IceScheme[] = ['stun', 'stuns', 'turn', 'turns'];
const EXAMPLES = 'stun:stun.example.org:3478, turn:turn.example.org:3478?transport=tcp or turns:turn.example.org:5349';

/** One ICE server URL. `where` names its origin in messages: `--ice-server`, or `servers.json: [0].urls[1]`. */
export function parseIceUrl(where: string, text: string): ParsedIceUrl {
  const fail = (why: string): never => {
    throw new UsageError(`${where} "${text}": ${why}`);
  };
  const match = /^([a-z]+):(.*)$/i.exec(text.trim());
  if (!match) return fail(`not an ICE server URL; write e.g. ${EXAMPLES}`);
  const scheme = match[1]!.toLowerCase() as IceScheme;
  if (!SCHEMES.includes(scheme)) return fail(`the scheme must be stun:, stuns:, turn: or turns:, e.g. ${EXAMPLES}`);
  let rest = match[2]!;
  if (rest.startsWith('//')) return fail(`ICE URLs have no "//": write ${scheme}:${rest.slice(2)}`);
  const [beforeQuery = '', query, ...more] = rest.split('?');
  if (more.length > 0) return fail('more than one "?"');
  rest = beforeQuery;
  let username: string | undefined;
  let credential: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    if (scheme === 'stun' || scheme === 'stuns') return fail('STUN servers take no credentials');
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    if (colon <= 0 || colon === userinfo.length - 1) return fail('inline credentials must be user:password@host');
    username = decode(userinfo.slice(0, colon), fail);
    credential = decode(userinfo.slice(colon + 1), fail);
  }
  const hostPort = /^(\[[0-9a-f:.]+\]|[^:[\]/]+)(?::(\d+))?$/i.exec(rest);
  if (!hostPort) return fail(`expected host or host:port after "${scheme}:", e.g. ${EXAMPLES}`);
  const host = hostPort[1]!;
  if (!/^\[[0-9a-f:.]+\]$/i.test(host) && !/^[a-z0-9.-]+$/i.test(host)) return fail(`"${host}" is not a host name or IP address`);
  let port: number | null = null;
  if (hostPort[2] !== undefined) {
    port = Number(hostPort[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`port ${hostPort[2]} is not from 1 to 65535`);
  }
  let transport: 'udp' | 'tcp' | null = null;
  if (query !== undefined) {
    const t = /^transport=(udp|tcp)$/i.exec(query);
    if (!t) return fail('the only query a TURN URL takes is ?transport=udp or ?transport=tcp');
    if (scheme === 'stun' || scheme === 'stuns') return fail('STUN URLs take no ?transport (RFC 7064)');
    transport = t[1]!.toLowerCase() as 'udp' | 'tcp';
    if (scheme === 'turns' && transport === 'udp') return fail('turns: runs over TLS, which needs ?transport=tcp (or no transport)');
  }
  const url = `${scheme}:${host}${port === null ? '' : `:${port}`}${transport === null ? '' : `?transport=${transport}`}`;
  return { url, scheme, host, port, transport, ...(username === undefined ? {} : { username, credential }) };
}

function decode(part: string, fail: (why: string) => never): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail('the inline credentials are not valid percent-encoding');
  }
}

export const isTurnUrl = (parsed: ParsedIceUrl): boolean => parsed.scheme === 'turn' || parsed.scheme === 'turns';

export interface IceFlagInput {
  /** --ice-server values, in order. */
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * `--ice-server` flags → one RTCIceServer per URL. A TURN URL takes its credentials from the URL or from
 * --ice-username/--ice-credential; Chromium refuses a TURN server without both.
 */
export function iceServersFromFlags(input: IceFlagInput): IceServerConfig[] {
  if ((input.username === undefined) !== (input.credential === undefined)) {
    throw new UsageError(`${input.username === undefined ? '--ice-credential' : '--ice-username'} needs ${input.username === undefined ? '--ice-username' : '--ice-credential'} too`);
  }
  const parsed = input.urls.map((u) => parseIceUrl('--ice-server', u));
  if (input.username !== undefined && !parsed.some(isTurnUrl)) {
    throw new UsageError('--ice-username and --ice-credential are for turn: or turns: servers; give one with --ice-server');
  }
  return parsed.map((p, i) => {
    if (!isTurnUrl(p)) return { urls: p.url };
    const username = p.username ?? input.username;
    const credential = p.credential ?? input.credential;
    if (username === undefined || credential === undefined) {
      throw new UsageError(`--ice-server "${input.urls[i]}": a TURN server needs credentials: add --ice-username and --ice-credential, or write turn:user:password@host:port`);
    }
    return { urls: p.url, username, credential };
  });
}

const SERVER_KEYS = new Set(['urls', 'url', 'username', 'credential', 'credentialType']);

/**
 * The contents of an --ice-servers file: an `RTCIceServer[]` (or `{ "iceServers": [...] }`, the
 * RTCConfiguration it usually sits in). `file` names it in messages.
 */
export function parseIceServersJson(file: string, text: string): IceServerConfig[] {
  const fail = (why: string): never => {
    throw new UsageError(`--ice-servers ${file}: ${why}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (isObject(value) && Array.isArray(value.iceServers)) value = value.iceServers;
  if (!Array.isArray(value)) return fail('expected an array of ICE servers such as [{ "urls": "stun:stun.example.org:3478" }] (or { "iceServers": [...] })');
  return value.map((entry: unknown, i): IceServerConfig => {
    const at = `[${i}]`;
    if (!isObject(entry)) return fail(`${at} is not an object with "urls"`);
    const unknown = Object.keys(entry).find((k) => !SERVER_KEYS.has(k));
    if (unknown !== undefined) return fail(`${at} has an unknown key "${unknown}" (an RTCIceServer has urls, username, credential)`);
    // `url` (singular) is the pre-2013 spelling; browsers dropped it, so say so rather than ignore it.
    if ('url' in entry) return fail(`${at} uses "url"; RTCIceServer calls it "urls" (a string or an array of strings)`);
    const urls = entry.urls;
    const list = typeof urls === 'string' ? [urls] : Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === 'string') ? (urls as string[]) : null;
    if (list === null) return fail(`${at}.urls must be a URL string or a non-empty array of URL strings`);
    if (entry.credentialType !== undefined && entry.credentialType !== 'password') return fail(`${at}.credentialType must be "password" (the only type browsers support)`);
    for (const key of ['username', 'credential'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') return fail(`${at}.${key} must be a string`);
    }
    const parsed = list.map((u, j) => parseIceUrl(`--ice-servers ${file}: ${at}.urls${typeof urls === 'string' ? '' : `[${j}]`}`, u));
    const inline = parsed.find((p) => p.username !== undefined);
    if (inline) return fail(`${at}: put credentials in "username" and "credential", not in the URL "${list[parsed.indexOf(inline)]}"`);
    const username = entry.username as string | undefined;
    const credential = entry.credential as string | undefined;
    if (parsed.some(isTurnUrl) && (username === undefined || credential === undefined)) {
      return fail(`${at} lists a TURN server but lacks ${username === undefined ? '"username"' : '"credential"'}`);
    }
    const server: IceServerConfig = { urls: typeof urls === 'string' ? parsed[0]!.url : parsed.map((p) => p.url) };
    if (username !== undefined) server.username = username;
    if (credential !== undefined) server.credential = credential;
    return server;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An ICE server as reports show it: the URLs, and whether credentials were given (never what they are). */
export interface RedactedIceServer {
  urls: string[];
  credentials: boolean;
}

export function redactIceServers(servers: readonly IceServerConfig[]): RedactedIceServer[] {
  return servers.map((s) => ({ urls: typeof s.urls === 'string' ? [s.urls] : [...s.urls], credentials: s.username !== undefined || s.credential !== undefined }));
}

/** Every URL of a list, flattened. */
export function iceUrlsOf(servers: readonly IceServerConfig[]): string[] {
  return servers.flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : s.urls));
}
