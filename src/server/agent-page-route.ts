/**
 * The agent page: one HTML page and its esbuild bundle (dist/agent-page/agent.js), the same bytes whether a
 * local agent loads them from its 127.0.0.1 agent host (core/agent/agent-host.ts) or a remote browser
 * (`--connect`) loads them from this signaling server at AGENT_PAGE_PATH, so a browser elsewhere needs nothing
 * installed. The script is referenced relatively, so the page works under any prefix.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { packageFile } from '../shared/package-root.js';

export const AGENT_PAGE_PATH = '/rtcdemo-agent/';

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

/**
 * Answers `${prefix}` (the page) and `${prefix}agent.js` (the bundle); returns false for anything else.
 * A missing bundle is a 500 naming the fix, so a remote agent's load error says what to do.
 */
export function serveAgentPage(pathname: string, res: ServerResponse, prefix = AGENT_PAGE_PATH): boolean {
  if (pathname === prefix) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(AGENT_PAGE_HTML);
    return true;
  }
  if (pathname !== `${prefix}agent.js`) return false;
  loadAgentBundle().then(
    (script) => {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(script);
    },
    (error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${error instanceof Error ? error.message : String(error)}\n`);
    },
  );
  return true;
}
