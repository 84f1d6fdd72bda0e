/**
 * The shape `receive`, `send` and `call` share: one agent page talking to one signaling server. The server
 * is checked from Node while Chromium starts, so "nothing is listening there" is one line at once; when the
 * page's signaling connection fails, Node diagnoses the server to name the cause the browser does not give.
 */
import type { AgentEvent, SignalingTarget } from '../../protocol.js';
import { trustsSelfSigned, withAgentSession } from './agent-session.js';
import type { AgentPage } from './agent-page.js';
import { diagnoseServer, probeServer } from '../server-probe.js';
import { explainAgentError, needsServerDiagnosis } from './agent-errors.js';
import type { BrowserEndpoint } from '../browser/browser-endpoint.js';
import { AGENT_PAGE_PATH } from '../../server/agent-page-route.js';

export interface OneAgentOptions {
  server: SignalingTarget;
  serverUrl: string;
  /** Accept any TLS certificate from the server (--insecure); a server on this machine is trusted anyway. */
  insecure?: boolean;
  browserPath?: string;
  /** A browser elsewhere: it loads the agent page from the signaling server (which must be rtcdemo's). */
  connect?: BrowserEndpoint;
  onConsole?: (line: string) => void;
  /** The page's name in log lines. */
  name: string;
  onEvent?: (event: AgentEvent) => void;
  /** Our own id and the peer we reach, for error messages. */
  id?: string;
  to?: string;
  /** Ctrl-C: page calls stop waiting at once. */
  signal?: AbortSignal;
}

export function withOneAgent<T>(options: OneAgentOptions, work: (page: AgentPage) => Promise<T>): Promise<T> {
  const acceptInsecureCerts = Boolean(options.insecure) || trustsSelfSigned(options.server);
  const remote = options.connect !== undefined && options.connect.kind !== 'local';
  // A remote browser proves the server reachable (from where it matters) by loading the agent page from it.
  const reachable = remote ? Promise.resolve() : probeServer(options.server.host, options.server.port, options.serverUrl);
  // Awaited once the page is open; a browser failure before that must not leave it unhandled.
  reachable.catch(() => undefined);
  return withAgentSession(
    {
      browserPath: options.browserPath,
      connect: options.connect,
      remotePageUrl: remote ? new URL(AGENT_PAGE_PATH, options.serverUrl).href : undefined,
      onConsole: options.onConsole,
      acceptInsecureCerts,
      signal: options.signal,
    },
    async (session) => {
      const page = await session.openPage(options.name, options.onEvent ?? (() => undefined));
      await reachable;
      try {
        return await work(page);
      } catch (error) {
        // Only on failure: a working run sends the server nothing but what PeerJS sends.
        const serverProblem = needsServerDiagnosis(error) ? await diagnoseServer(options.server, { url: options.serverUrl, acceptInsecureCerts }) : undefined;
        throw explainAgentError(error, { serverUrl: options.serverUrl, key: options.server.key, id: options.id, to: options.to, serverProblem });
      }
    },
  );
}
