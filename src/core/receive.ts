/**
 * `rtcdemo receive`: register an id, report every message and call, answer calls with the fake camera,
 * acknowledge rtcdemo senders. Returns when --count messages arrived, --timeout passed, or on abort.
 */
import { NO_ICE_SERVERS, type IceConfig, type AgentEvent, type SignalingTarget } from '../protocol.js';
import type { BrowserEndpoint } from './browser/browser-endpoint.js';
import { withOneAgent } from './agent/one-agent.js';
import { raceAbort } from './abort.js';
import { rtcdemoEvent, type RtcdemoEventListener } from './events.js';
import { agentEventOf } from './trace.js';

export interface ReceiveOptions {
  server: SignalingTarget;
  serverUrl: string;
  id: string;
  /** Stop after this many messages (null: no limit). */
  count: number | null;
  /** Stop after this long (null: no limit). */
  timeoutMs: number | null;
  answerCalls: boolean;
  /** Accept any TLS certificate from the server (--insecure). */
  insecure?: boolean;
  /** Messages over this are described by size and prefix; see src/shared/receive-bounds.ts. */
  maxMessageBytes?: number;
  browserPath?: string;
  /** STUN/TURN servers and policy; default none (loopback and LAN only). */
  ice?: IceConfig;
  /** A browser elsewhere (`--connect`) instead of one launched here. */
  connect?: BrowserEndpoint;
  signal: AbortSignal;
  /** Every page event (messages, connections, calls) and peer-registered once the id is ours. */
  onEvent: RtcdemoEventListener;
  onConsole?: (line: string) => void;
  /** --trace: the page reports its signaling messages and connection states as `trace` events. */
  trace?: boolean;
}

export interface ReceiveSummary {
  id: string;
  received: number;
  ended: 'count' | 'timeout' | 'aborted';
}

export async function runReceiver(options: ReceiveOptions): Promise<ReceiveSummary> {
  let received = 0;
  let finished = false;
  let finish: (ended: ReceiveSummary['ended']) => void = () => undefined;
  const done = new Promise<ReceiveSummary['ended']>((resolve) => {
    finish = (ended) => {
      finished = true;
      resolve(ended);
    };
  });
  const onEvent = (event: AgentEvent) => {
    // After --count or --timeout nothing more is printed, even while the page shuts down.
    if (finished) return;
    options.onEvent(agentEventOf('receiver', event));
    if (event.type === 'message') {
      received += 1;
      if (options.count !== null && received >= options.count) finish('count');
    }
  };
  return withOneAgent(
    { server: options.server, serverUrl: options.serverUrl, insecure: options.insecure, browserPath: options.browserPath, connect: options.connect, onConsole: options.onConsole, name: 'receiver', onEvent, id: options.id, signal: options.signal },
    async (page) => {
      const started = await raceAbort(
        page.startPeer({ server: options.server, id: options.id, ice: options.ice ?? NO_ICE_SERVERS, answerCalls: options.answerCalls, acknowledge: true, timeoutMs: 10_000, reconnect: true, trace: options.trace, maxMessageBytes: options.maxMessageBytes }),
        options.signal,
      );
      options.onEvent(rtcdemoEvent('peer-registered', { agent: 'receiver', id: started.id, openMs: started.openMs }));
      const onAbort = () => finish('aborted');
      options.signal.addEventListener('abort', onAbort, { once: true });
      if (options.signal.aborted) finish('aborted');
      const timer = options.timeoutMs !== null ? setTimeout(() => finish('timeout'), options.timeoutMs) : undefined;
      try {
        const ended = await done;
        // Let the last acknowledgement leave before the page (and its peer) is destroyed.
        if (ended === 'count') await new Promise((r) => setTimeout(r, 100));
        return { id: started.id, received, ended };
      } finally {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
      }
    },
  );
}
