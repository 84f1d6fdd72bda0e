/** The flags every browser-driving command shares: which server, which key, which browser. */
import type { Command } from 'commander';
import { formatServerUrl, parseServerUrl } from './options.js';
import { VIDEO_CODECS, type SignalingTarget, type VideoCodecName } from '../protocol.js';
import { addIceOptions, type IceFlags } from './ice-options.js';
import { ENDPOINT_HELP, parseBrowserEndpoint, type BrowserEndpoint } from '../core/browser/browser-endpoint.js';
import { UsageError } from '../core/errors.js';

export const DEFAULT_SERVER_URL = 'http://localhost:9000/';

export const BROWSER_HELP =
  'chromium (default: CHROME_PATH, then the usual install locations), firefox (FIREFOX_PATH, then the usual ones), or a path to either';

/** `--codec vp9` → 'VP9'; anything else is a usage error naming the choices. */
export function parseVideoCodec(flag: string, value: string): VideoCodecName {
  const upper = value.toUpperCase();
  const codec = VIDEO_CODECS.find((c) => c === upper);
  if (!codec) throw new UsageError(`${flag} ${value}: expected one of ${VIDEO_CODECS.join(', ')}`);
  return codec;
}

export function addAgentOptions(command: Command): Command {
  return addIceOptions(command)
    .option('--server <url>', 'the PeerJS signaling server', DEFAULT_SERVER_URL)
    .option('--key <key>', 'the PeerJS API key the server expects', 'peerjs')
    .option('--insecure', "accept the server's TLS certificate even if this machine does not trust it (self-signed); automatic for a server on this machine")
    .option('--browser <browser>', BROWSER_HELP)
    .option('--connect <endpoint>', `use a running browser instead of launching one: ${ENDPOINT_HELP} (docs/scale-out.md)`)
    .option('--webdriver <url>', 'the same as --connect webdriver+<url>: a W3C WebDriver endpoint (Selenium Grid, chromedriver)')
    .option('--trace', 'print every signaling message and connection state change on stderr (JSON lines with --json)');
}

export interface AgentFlags extends IceFlags {
  server: string;
  key: string;
  insecure?: boolean;
  browser?: string;
  connect?: string;
  webdriver?: string;
  trace?: boolean;
}

/** --connect or --webdriver, at most one (call-test takes several: see resolveEndpoints there). */
export function resolveConnect(flags: Pick<AgentFlags, 'connect' | 'webdriver' | 'browser'>): BrowserEndpoint | undefined {
  if (flags.connect !== undefined && flags.webdriver !== undefined) throw new UsageError('--connect and --webdriver both name the browser: give one');
  const endpoint = flags.connect !== undefined ? parseBrowserEndpoint('--connect', flags.connect) : flags.webdriver !== undefined ? parseBrowserEndpoint('--webdriver', flags.webdriver) : undefined;
  if (endpoint && endpoint.kind !== 'local' && flags.browser !== undefined) throw new UsageError(`--browser picks a browser to launch here; ${endpoint.label} is already running: give one of them`);
  return endpoint;
}

export function resolveServer(flags: AgentFlags): { server: SignalingTarget; serverUrl: string } {
  const server = parseServerUrl('--server', flags.server, flags.key);
  return { server, serverUrl: formatServerUrl(server) };
}

/** One line for stderr, prefixed by the local wall-clock time so a learner can line up two terminals. */
export function timestamp(at: number = Date.now()): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
