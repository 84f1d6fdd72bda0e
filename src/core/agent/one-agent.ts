/**
 * The shape `receive`, `send` and `call` share: one agent page talking to one signaling server. The server
 * is checked while Chromium starts, so "nothing is listening there" is one line, not a PeerJS socket error.
 */
import type { AgentEvent, SignalingTarget } from '../../protocol.js';
import { trustsSelfSigned, withAgentSession } from './agent-session.js';
import type { AgentPage } from './agent-page.js';
import { probeServer } from '../server-probe.js';

export interface OneAgentOptions {
  server: SignalingTarget;
  serverUrl: string;
  browserPath?: string;
  onConsole?: (line: string) => void;
  /** The page's name in log lines. */
  name: string;
  onEvent?: (event: AgentEvent) => void;
}

export function withOneAgent<T>(options: OneAgentOptions, work: (page: AgentPage) => Promise<T>): Promise<T> {
  const reachable = probeServer(options.server.host, options.server.port, options.serverUrl);
  // Awaited once the page is open; a browser failure before that must not leave it unhandled.
  reachable.catch(() => undefined);
  return withAgentSession(
    {
      browserPath: options.browserPath,
      onConsole: options.onConsole,
      acceptInsecureCerts: trustsSelfSigned(options.server),
    },
    async (session) => {
      const page = await session.openPage(options.name, options.onEvent ?? (() => undefined));
      await reachable;
      return work(page);
    },
  );
}
