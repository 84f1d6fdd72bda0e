/**
 * `rtcdemo send`: open a peer, connect to another, send a message (optionally repeated) on a reliable
 * channel, and report the timings and how delivery was confirmed.
 */
import type { SendMessagesResult, Serialization, SignalingTarget } from '../protocol.js';
import { withAgentSession } from './agent/agent-session.js';
import { explainAgentError } from './agent/agent-errors.js';
import { probeServer } from './server-probe.js';
import { isLoopbackHost } from './loopback.js';
import { raceAbort } from './abort.js';

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
  browserPath?: string;
  signal: AbortSignal;
  onProgress?: (line: string) => void;
  onConsole?: (line: string) => void;
}

export interface SendReport extends SendMessagesResult {
  id: string;
  peerOpenMs: number;
  serialization: Serialization;
}

export async function sendMessage(options: SendOptions): Promise<SendReport> {
  const probe = probeServer(options.server.host, options.server.port, options.serverUrl);
  // Awaited once the page is open; a browser failure before that must not leave it unhandled.
  probe.catch(() => undefined);
  return withAgentSession(
    { browserPath: options.browserPath, onConsole: options.onConsole, acceptInsecureCerts: options.server.secure && isLoopbackHost(options.server.host) },
    async (session) => {
      const page = await session.openPage('sender', () => undefined);
      await probe;
      const context = { serverUrl: options.serverUrl, id: options.id, to: options.to };
      try {
        const started = await raceAbort(
          page.startPeer({ server: options.server, id: options.id, iceServers: [], answerCalls: false, acknowledge: false, timeoutMs: options.timeoutMs, reconnect: false }),
          options.signal,
        );
        options.onProgress?.(`peer open as "${started.id}" in ${started.openMs.toFixed(1)} ms`);
        const result = await raceAbort(
          page.sendMessages({ to: options.to, text: options.text, repeat: options.repeat, serialization: options.serialization, connectTimeoutMs: options.timeoutMs, ackTimeoutMs: options.timeoutMs }),
          options.signal,
        );
        return { ...result, id: started.id, peerOpenMs: started.openMs, serialization: options.serialization };
      } catch (error) {
        throw explainAgentError(error, context);
      }
    },
  );
}
