/**
 * Serves the agent page and its bundle from memory on 127.0.0.1 at a port the OS picks.
 * getUserMedia needs a secure context, and http://127.0.0.1 is one (https://w3c.github.io/webappsec-secure-contexts/#localhost),
 * so the agent works against any signaling server, ours or not, without touching the network.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AGENT_PAGE_HTML, loadAgentBundle, serveAgentPage } from '../../server/agent-page-route.js';

// One page for local and remote agents: its home is the server's agent-page route.
export { AGENT_PAGE_HTML, loadAgentBundle };

export interface AgentHost {
  url: string;
  close(): Promise<void>;
}

export async function startAgentHost(): Promise<AgentHost> {
  // Read before listening, so a missing bundle fails here with its fix rather than in the page.
  await loadAgentBundle();
  const server = http.createServer((req, res) => {
    if (!serveAgentPage((req.url ?? '/').split('?')[0] ?? '/', res, '/')) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
