/** The flags every browser-driving command shares: which server, which key, which browser. */
import type { Command } from 'commander';
import { formatServerUrl, parseServerUrl } from './options.js';
import type { SignalingTarget } from '../protocol.js';
import { addIceOptions, type IceFlags } from './ice-options.js';

export const DEFAULT_SERVER_URL = 'http://localhost:9000/';

export function addAgentOptions(command: Command): Command {
  return addIceOptions(command)
    .option('--server <url>', 'the PeerJS signaling server', DEFAULT_SERVER_URL)
    .option('--key <key>', 'the PeerJS API key the server expects', 'peerjs')
    .option('--insecure', "accept the server's TLS certificate even if this machine does not trust it (self-signed); automatic for a server on this machine")
    .option('--browser <path>', 'Chromium or Chrome to use (default: CHROME_PATH, then the usual install locations)')
    .option('--trace', 'print every signaling message and connection state change on stderr (JSON lines with --json)');
}

export interface AgentFlags extends IceFlags {
  server: string;
  key: string;
  insecure?: boolean;
  browser?: string;
  trace?: boolean;
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
