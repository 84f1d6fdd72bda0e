/**
 * The plain HTTP side: PeerJS's two REST calls, /health, /metrics, and the demo pages hook.
 *
 * PeerJS routes follow the stock server (https://github.com/peers/peerjs-server/blob/master/src/api/index.ts and
 * api/v1/public/index.ts): `${path}` answers a JSON description, `${path}:key/id` a fresh id as text,
 * `${path}:key/peers` the id list only with discovery on (401 otherwise). Like the stock router, any `:key` is
 * accepted here: a wrong key is reported once, precisely, by the WebSocket ("Invalid key provided").
 * CORS headers and preflights are the front's (http-front.ts): only allowed origins get them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignalingTarget } from '../protocol.js';
import type { PeerRegistry } from './peer-registry.js';
import { renderPrometheusText, type ServerStats } from './metrics.js';
import { serveAgentPage } from './agent-page-route.js';

/** Where PeerJS clients on the requesting page should connect: the same names the page was loaded with. */
export type PageRequestInfo = SignalingTarget;

/** Serves a page when it recognises the request (returns true); otherwise leaves `res` untouched. */
export type PagesHandler = (req: IncomingMessage, res: ServerResponse, info: PageRequestInfo) => boolean;

export interface HttpRoutesOptions {
  path: string;
  key: string;
  allowDiscovery: boolean;
  registry: PeerRegistry;
  stats(): ServerStats;
  pages: PagesHandler | undefined;
  pageInfo(req: IncomingMessage): PageRequestInfo;
  onPagesError(error: unknown): void;
}

/** The stock server's answer at `${path}` (its package.json "name/description/website"). */
const PEERJS_DESCRIPTION = {
  name: 'PeerJS Server',
  description: 'A server side element to broker connections between PeerJS clients.',
  website: 'https://peerjs.com/',
};

export function createRequestHandler(options: HttpRoutesOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'Method Not Allowed\n', 'text/plain', { Allow: 'GET, HEAD, OPTIONS' });

    if (pathname === '/health') {
      const stats = options.stats();
      return sendJson(res, 200, { status: 'ok', peers: stats.peers, uptimeSeconds: stats.uptimeSeconds });
    }
    if (pathname === '/metrics') return send(res, 200, renderPrometheusText(options.stats()), 'text/plain; version=0.0.4');

    const api = pathname.startsWith(options.path) ? /^([^/]+)\/(id|peers)$/.exec(pathname.slice(options.path.length)) : null;
    if (api?.[2] === 'id') return send(res, 200, generateId(options.registry), 'text/plain');
    if (api?.[2] === 'peers') {
      return options.allowDiscovery && api[1] === options.key ? sendJson(res, 200, options.registry.ids()) : send(res, 401, 'Unauthorized\n', 'text/plain');
    }

    // rtcdemo's agent page, for browsers driven with --connect from another machine (agent-page-route.ts).
    if (serveAgentPage(pathname, res)) return;

    if (options.pages) {
      try {
        if (options.pages(req, res, options.pageInfo(req))) return;
      } catch (error) {
        options.onPagesError(error);
        if (!res.headersSent) return send(res, 500, 'Internal Server Error\n', 'text/plain');
        return void res.destroy();
      }
    }
    if (pathname === options.path) return sendJson(res, 200, PEERJS_DESCRIPTION);
    send(res, 404, 'Not Found\n', 'text/plain');
  };
}

/** A random UUID, never one in use (stock: realm.generateClientId). UUIDs pass PeerJS's id rule. */
function generateId(registry: PeerRegistry): string {
  let id = randomUUID();
  while (registry.has(id)) id = randomUUID();
  return id;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json');
}

function send(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  // PeerJS adds a random `ts` query to defeat caches (lib/api.ts); no-store says the same from this side.
  res.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8`, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}
