/**
 * The agent as a library: one headless Chromium page with a registered PeerJS peer that Node code can
 * send from, receive on and call from, e.g. in a vitest or Playwright test against your own server.
 * `withAgent` closes the browser (and its temp profile) in `finally`; `openAgent` leaves that to `close()`.
 */
import { NO_ICE_SERVERS, type AgentEvent, type IceConfig, type SendMessagesResult, type Serialization, type SignalingTarget } from '../../protocol.js';
import { withOneAgent } from './one-agent.js';
import { parseBrowserEndpoint, type BrowserEndpoint } from '../browser/browser-endpoint.js';
import { AgentEventLog } from './event-log.js';
import { explainAgentError } from './agent-errors.js';
import { formatServerUrl, parseServerUrl } from '../server-url.js';
import { CheckFailedError } from '../errors.js';
import { rtcdemoEvent, type RtcdemoEventListener } from '../events.js';
import { agentEventOf } from '../trace.js';
import { summarizeMediaWindow, watchMedia, type MediaWindowSummary } from '../metrics/media-window.js';

export interface AgentOptions {
  /** The signaling server: a URL such as `http://127.0.0.1:9000/`, or PeerJS options. */
  server: string | SignalingTarget;
  /** The PeerJS key, when `server` is a URL (default `peerjs`). */
  key?: string;
  /** The id to register; omitted, the server assigns one. */
  id?: string;
  /** Answer incoming calls with the fake camera (default true). */
  answerCalls?: boolean;
  /** Received messages over this are described by size and prefix; see src/shared/receive-bounds.ts (default 1 MiB). */
  maxMessageBytes?: number;
  /** How long to wait for the server, a connection, an acknowledgement or a stream (default 10 s). */
  timeoutMs?: number;
  /** Accept the server's TLS certificate even if this machine does not trust it (a server on this machine is trusted anyway). */
  insecure?: boolean;
  /** Chromium to use (default: CHROME_PATH, then the usual install locations). */
  browserPath?: string;
  /** STUN/TURN servers and iceTransportPolicy for the agent's connections; default none. */
  ice?: IceConfig;
  /**
   * A running browser instead of launching one: `ws://…/devtools/browser/…` or `http://host:port` (Chrome
   * DevTools), `webdriver+http://host:4444` (W3C WebDriver). It loads the agent page from `server`, which must
   * be rtcdemo's and reachable from that browser (docs/scale-out.md).
   */
  connect?: string | BrowserEndpoint;
  /** Every event the agent's page reports, and peer-registered / call-connected / media-second. */
  onEvent?: RtcdemoEventListener;
  /** The page's console output and errors. */
  onConsole?: (line: string) => void;
  /** Report every signaling message and connection state change as `trace` events (docs/trace.md). */
  trace?: boolean;
}

export type ReceivedMessage = Extract<AgentEvent, { type: 'message' }>;

export interface AgentCallResult extends MediaWindowSummary {
  to: string;
  getUserMediaMs: number;
  callToStreamMs: number;
  callToFirstFrameMs: number;
}

export interface Agent {
  /** The id the server registered. */
  readonly id: string;
  readonly serverUrl: string;
  /** Sends `text` on a reliable data connection; against an rtcdemo agent every message is acknowledged. */
  send(to: string, text: string, options?: { repeat?: number; serialization?: Serialization }): Promise<SendMessagesResult>;
  /**
   * The next message this agent received that no earlier call returned (it may already have arrived).
   * Rejects with a CheckFailedError after `timeoutMs`.
   */
  nextMessage(options?: { from?: string; timeoutMs?: number }): Promise<ReceivedMessage>;
  /** Calls `to` with the fake camera, watches the received video for `durationMs` (default 1 s), hangs up. */
  call(to: string, options?: { durationMs?: number }): Promise<AgentCallResult>;
  /** Closes the page and the browser; safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Opens an agent and registers its peer; the caller must `close()` it (prefer `withAgent`). */
export function openAgent(options: AgentOptions): Promise<Agent> {
  const server = typeof options.server === 'string' ? parseServerUrl('server', options.server, options.key) : options.server;
  const serverUrl = formatServerUrl(server);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const name = options.id ?? 'agent';
  const log = new AgentEventLog();
  const taken = new Set<ReceivedMessage>();
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => { release = resolve; });
  return new Promise<Agent>((resolve, reject) => {
    let opened = false;
    const session = withOneAgent(
      {
        server,
        serverUrl,
        insecure: options.insecure,
        browserPath: options.browserPath,
        connect: typeof options.connect === 'string' ? parseBrowserEndpoint('connect', options.connect) : options.connect,
        onConsole: options.onConsole,
        name,
        id: options.id,
        onEvent: (event) => {
          // Trace records are only passed on: the log keeps what nextMessage() may wait for.
          if (event.type !== 'trace') log.push(event);
          options.onEvent?.(agentEventOf(name, event));
        },
      },
      async (page) => {
        // A failure here is explained by withOneAgent, with the server diagnosed when the browser gives no reason.
        const started = await page.startPeer({ server, id: options.id, ice: options.ice ?? NO_ICE_SERVERS, answerCalls: options.answerCalls ?? true, acknowledge: true, timeoutMs, reconnect: true, trace: options.trace, maxMessageBytes: options.maxMessageBytes });
        options.onEvent?.(rtcdemoEvent('peer-registered', { agent: name, id: started.id, openMs: started.openMs }));
        const agent: Agent = {
          id: started.id,
          serverUrl,
          async send(to, text, sendOptions = {}) {
            return page
              .sendMessages({ to, text, repeat: sendOptions.repeat ?? 1, serialization: sendOptions.serialization ?? 'binary', connectTimeoutMs: timeoutMs, ackTimeoutMs: timeoutMs })
              .catch((error: unknown) => { throw explainAgentError(error, { serverUrl, key: server.key, id: started.id, to }); });
          },
          async nextMessage(wait = {}) {
            const accept = (e: AgentEvent): e is ReceivedMessage =>
              e.type === 'message' && !taken.has(e) && (wait.from === undefined || e.from === wait.from);
            const message = await log.waitFor(accept, wait.timeoutMs ?? timeoutMs);
            if (!message) throw new CheckFailedError(`no message${wait.from === undefined ? '' : ` from ${wait.from}`} arrived at "${started.id}" within ${wait.timeoutMs ?? timeoutMs} ms`);
            taken.add(message);
            return message;
          },
          async call(to, callOptions = {}) {
            try {
              const call = await page.call({ to, streamTimeoutMs: timeoutMs, frameTimeoutMs: timeoutMs });
              const { getUserMediaMs, callToStreamMs, callToFirstFrameMs } = call;
              options.onEvent?.(rtcdemoEvent('call-connected', { agent: name, to, getUserMediaMs, callToStreamMs, callToFirstFrameMs }));
              const samples = await watchMedia(page, to, {
                durationMs: callOptions.durationMs ?? 1000,
                onSecond: (reading) => options.onEvent?.(rtcdemoEvent('media-second', { agent: name, peer: to, reading })),
              });
              await page.hangUp();
              return { to, getUserMediaMs, callToStreamMs, callToFirstFrameMs, ...summarizeMediaWindow(samples) };
            } catch (error) {
              throw explainAgentError(error, { serverUrl, key: server.key, id: started.id, to });
            }
          },
          async close() {
            release();
            await session.catch(() => undefined);
          },
        };
        opened = true;
        resolve(agent);
        // The session (browser, page, profile) lives until close(); withOneAgent closes it all after this.
        await released;
      },
    );
    session.catch((error: unknown) => { if (!opened) reject(error); });
  });
}

/** Opens an agent, runs `work` with it, and closes it whatever happens. */
export async function withAgent<T>(options: AgentOptions, work: (agent: Agent) => Promise<T>): Promise<T> {
  const agent = await openAgent(options);
  try {
    return await work(agent);
  } finally {
    await agent.close();
  }
}

