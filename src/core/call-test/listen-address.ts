/** call-test's --listen and --public-url, parsed before anything starts (pure: no server module loaded). */
import { UsageError } from '../errors.js';

/** `--listen`: an address, optionally `:port` (IPv6 in brackets when a port follows). Port default 0 (any free). */
export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)|([0-9a-fA-F:]+))(?::(\d{1,5}))?$/.exec(text.trim());
  const host = match?.[1] ?? match?.[2] ?? match?.[3];
  const port = match?.[4] === undefined ? 0 : Number(match[4]);
  if (!match || !host || port > 65535 || (match[3] !== undefined && match[4] !== undefined)) {
    throw new UsageError(`--listen ${text}: expected an address, optionally with a port (10.0.0.5, 10.0.0.5:9000, [fd00::5]:9000)`);
  }
  return { host, port };
}

/** `--public-url`: an http(s) URL with a host. */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--public-url ${text}: not a URL (e.g. http://10.0.0.5:9000/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--public-url ${text}: expected http:// or https://`);
  return url.href;
}
