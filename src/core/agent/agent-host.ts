/**
 * Serves the agent page and its bundle from memory on 127.0.0.1 at a port the OS picks.
 * getUserMedia needs a secure context, and http://127.0.0.1 is one (https://w3c.github.io/webappsec-secure-contexts/#localhost),
 * so the agent works against any signaling server, ours or not, without touching the network.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { packageFile } from '../../shared/package-root.js';

export const AGENT_PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>rtcdemo agent</title>
<style>body{margin:0;background:#111;display:flex;gap:4px}video{width:50%;background:#000}</style></head>
<body><video id="local" autoplay muted playsinline></video><video id="remote" autoplay muted playsinline></video>
<script src="agent.js"></script></body></html>`;

let bundle: Promise<string> | null = null;

/** The esbuild output (dist/agent-page/agent.js), read once per process. */
export function loadAgentBundle(): Promise<string> {
  bundle ??= readFile(packageFile('dist', 'agent-page', 'agent.js'), 'utf8').catch((error: unknown) => {
    bundle = null;
    throw new Error(`the agent page bundle is missing (run npm run build): ${error instanceof Error ? error.message : String(error)}`);
  });
  return bundle;
}

export interface AgentHost {
  url: string;
  close(): Promise<void>;
}

export async function startAgentHost(): Promise<AgentHost> {
  const script = await loadAgentBundle();
  const server = http.createServer((req, res) => {
    if (req.url === '/agent.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(script);
    } else if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(AGENT_PAGE_HTML);
    } else {
      res.writeHead(404).end();
    }
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
