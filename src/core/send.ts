/**
 * `rtcdemo send`: open a peer, connect to another, send a message (optionally repeated) on a reliable
 * channel, and report the timings and how delivery was confirmed.
 */
import { NO_ICE_SERVERS, type IceConfig, type SendMessagesResult, type Serialization, type SignalingTarget } from '../protocol.js';
import type { BrowserEndpoint } from './browser/browser-endpoint.js';
import { withOneAgent } from './agent/one-agent.js';
import { iceSummaryOf } from './agent/ice-summary.js';
import type { IceSideSummary } from '../shared/ice-candidate.js';
import { raceAbort } from './abort.js';
import { rtcdemoEvent, type RtcdemoEventListener } from './events.js';
import { agentEventOf } from './trace.js';

export interface SendOptions {
  server: SignalingTarget;
  serverUrl: string;
  to: string;
  /** Our id; undefined lets the server assign one. */
  id?: string;
  text: string;
  repeat: number;
  serialization: Serialization;
  timeoutMs: number;
  /** Accept any TLS certificate from the server (--insecure). */
  insecure?: boolean;
  browserPath?: string;
  /** STUN/TURN servers and policy; default none (loopback and LAN only). */
  ice?: IceConfig;
  /** A browser elsewhere (`--connect`) instead of one launched here. */
  connect?: BrowserEndpoint;
  signal: AbortSignal;
  /** Progress: the sender's page events and peer-registered. */
  onEvent?: RtcdemoEventListener;
  onConsole?: (line: string) => void;
  /** --trace: the page reports its signaling messages and connection states as `trace` events. */
  trace?: boolean;
}

export interface SendReport extends SendMessagesResult {
  id: string;
  peerOpenMs: number;
  serialization: Serialization;
  /** The data connection's ICE: candidates gathered, selected pair, server errors. */
  ice: IceSideSummary | null;
}

export async function sendMessage(options: SendOptions): Promise<SendReport> {
  return withOneAgent(
    {
      server: options.server,
      serverUrl: options.serverUrl,
      insecure: options.insecure,
      browserPath: options.browserPath,
      connect: options.connect,
      onConsole: options.onConsole,
      name: 'sender',
      id: options.id,
      to: options.to,
      onEvent: (event) => options.onEvent?.(agentEventOf('sender', event)),
      signal: options.signal,
    },
    async (page) => {
      const started = await raceAbort(
        page.startPeer({ server: options.server, id: options.id, ice: options.ice ?? NO_ICE_SERVERS, answerCalls: false, acknowledge: false, timeoutMs: options.timeoutMs, reconnect: false, trace: options.trace }),
        options.signal,
      );
      options.onEvent?.(rtcdemoEvent('peer-registered', { agent: 'sender', id: started.id, openMs: started.openMs }));
      const result = await raceAbort(
        page.sendMessages({ to: options.to, text: options.text, repeat: options.repeat, serialization: options.serialization, connectTimeoutMs: options.timeoutMs, ackTimeoutMs: options.timeoutMs }),
        options.signal,
      );
      const ice = await iceSummaryOf(page, 'data', options.to);
      return { ...result, id: started.id, peerOpenMs: started.openMs, serialization: options.serialization, ice };
    },
  );
}
