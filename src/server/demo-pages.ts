/**
 * The tutorial's demo pages, served by `rtcdemo serve` on the same HTTP server as the PeerJS routes:
 * `/` explains the demo, `/receiver` and `/sender` run the tutorial's code verbatim (with the Peer options
 * pointed at this server), plus their assets and the PeerJS client from node_modules (never a CDN).
 *
 * The page files are plain browser files in src/server/pages/, read from disk at first use and kept in
 * memory. They are not compiled, so they are found from the package root (src/shared/package-root.ts),
 * whether this module runs from src/ (vitest), dist/ or an installed package ("files" ships them).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageFile } from '../shared/package-root.js';
import { isPeerJsId } from './peerjs-protocol.js';

/** Where the pages' PeerJS client must connect: the server that served them, in PeerJS's option names. */
export interface DemoPageServerInfo {
  host: string;
  port: number;
  path: string;
  key: string;
  secure: boolean;
}

export const DEMO_PAGES_DIR = packageFile('src', 'server', 'pages');

/** Replaced in the tutorial code by the tutorial's `{ host: 'localhost', port: 9000, path: '/' }`, filled in. */
export const PEER_OPTIONS_PLACEHOLDER = '__RTCDEMO_PEER_OPTIONS__';
/** Replaced in every page's header by the signaling server's URL. */
export const SERVER_URL_PLACEHOLDER = '__RTCDEMO_SERVER_URL__';

const PEERJS_DEFAULT_KEY = 'peerjs';
const TUTORIAL_IDS = { receiver: 'receiver', sender: 'sender' } as const;

const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';

type PageKind = 'index' | 'receiver' | 'sender';

interface DemoRoute {
  /** Set for HTML pages, which are rendered per request; assets are sent as stored. */
  page?: PageKind;
  file: () => string;
  contentType: string;
}

const ROUTES: ReadonlyMap<string, DemoRoute> = new Map<string, DemoRoute>([
  ['/', { page: 'index', file: () => pageFile('index.html'), contentType: HTML }],
  ['/receiver', { page: 'receiver', file: () => pageFile('receiver.html'), contentType: HTML }],
  ['/sender', { page: 'sender', file: () => pageFile('sender.html'), contentType: HTML }],
  ['/demo.css', { file: () => pageFile('demo.css'), contentType: 'text/css; charset=utf-8' }],
  ['/demo-ui.js', { file: () => pageFile('demo-ui.js'), contentType: JAVASCRIPT }],
  ['/peerjs.min.js', { file: () => peerjsClientFile('peerjs.min.js'), contentType: JAVASCRIPT }],
  // peerjs.min.js ends with a sourceMappingURL comment; serving the map keeps DevTools quiet and useful.
  ['/peerjs.min.js.map', { file: () => peerjsClientFile('peerjs.min.js.map'), contentType: 'application/json; charset=utf-8' }],
]);

// Everything the pages load comes from this server. connect-src stays open because PeerJS connects to the
// configured host, which need not be the page's own origin (a page opened as 127.0.0.1, host 'localhost').
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' ws: wss: http: https:",
].join('; ');

/**
 * Serves a demo page or asset. Returns false, having written nothing, when the request is not for one of
 * them (another method or path), so the server can go on to the PeerJS routes and its 404.
 */
export function handleDemoPageRequest(req: IncomingMessage, res: ServerResponse, info: DemoPageServerInfo): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const pathname = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const route = ROUTES.get(pathname);
  if (!route) return false;

  const headOnly = req.method === 'HEAD';
  let body: string | Buffer;
  try {
    const stored = readStoredFile(route.file());
    body = route.page
      ? renderPage(route.page, stored.toString('utf8'), info, new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1)))
      : stored;
  } catch (error) {
    const status = error instanceof DemoPageQueryError ? 400 : 500;
    sendResponse(res, status, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`, headOnly);
    return true;
  }
  sendResponse(res, 200, route.contentType, body, headOnly, route.page ? CONTENT_SECURITY_POLICY : undefined);
  return true;
}

/** A query parameter the page can't use, such as an invalid peer id: answered with 400. */
class DemoPageQueryError extends Error {
  override name = 'DemoPageQueryError';
}

function renderPage(page: PageKind, template: string, info: DemoPageServerInfo, query: URLSearchParams): string {
  const html = template.replaceAll(SERVER_URL_PLACEHOLDER, escapeHtml(describeServer(info)));
  if (page === 'index') return html;
  const ids =
    page === 'receiver'
      ? { receiver: queryPeerId(query, 'id', TUTORIAL_IDS.receiver), sender: TUTORIAL_IDS.sender }
      : { sender: queryPeerId(query, 'id', TUTORIAL_IDS.sender), receiver: queryPeerId(query, 'to', TUTORIAL_IDS.receiver) };
  return renderTutorialScript(html, (code) =>
    code
      // The tutorial's only quoted strings 'receiver' and 'sender' are its peer ids (`new Peer('receiver'`,
      // `peer.connect('receiver')`, `peer.call('receiver'`); one pass, so ?id=receiver&to=sender swaps cleanly.
      // Before the options go in, whose host could be spelled 'receiver' too.
      .replace(/'(receiver|sender)'/g, (_match, name: keyof typeof ids) => `'${ids[name]}'`)
      .replace(PEER_OPTIONS_PLACEHOLDER, renderPeerOptions(info)),
  );
}

/** Applies `transform` to the code inside `<script id="tutorial">`, and checks its placeholder is there. */
function renderTutorialScript(html: string, transform: (code: string) => string): string {
  const open = '<script id="tutorial">';
  const start = html.indexOf(open);
  const end = start === -1 ? -1 : html.indexOf('</script>', start);
  const code = end === -1 ? '' : html.slice(start + open.length, end);
  if (code.split(PEER_OPTIONS_PLACEHOLDER).length !== 2) {
    throw new Error(`demo page template broken: expected one ${PEER_OPTIONS_PLACEHOLDER} inside <script id="tutorial"> (${DEMO_PAGES_DIR})`);
  }
  return html.slice(0, start + open.length) + transform(code) + html.slice(end);
}

function queryPeerId(query: URLSearchParams, name: string, fallback: string): string {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (!isPeerJsId(value)) {
    throw new DemoPageQueryError(
      `?${name}=${value} is not a valid PeerJS id: use letters and digits, joined by single '-', '_' or spaces`,
    );
  }
  return value;
}

/**
 * The tutorial's options object `{ host: 'localhost', port: 9000, path: '/' }` with this server's values,
 * written the same way; `key` only when it isn't PeerJS's default, `secure` only under https (PeerJS would
 * otherwise guess from the page's own protocol).
 */
export function renderPeerOptions(info: DemoPageServerInfo): string {
  const fields = [`host: ${jsString(urlHost(info.host))}`, `port: ${info.port}`, `path: ${jsString(info.path)}`];
  if (info.key !== PEERJS_DEFAULT_KEY) fields.push(`key: ${jsString(info.key)}`);
  if (info.secure) fields.push('secure: true');
  return `{ ${fields.join(', ')} }`;
}

function describeServer(info: DemoPageServerInfo): string {
  const url = `${info.secure ? 'https' : 'http'}://${urlHost(info.host)}:${info.port}${info.path}`;
  return info.key === PEERJS_DEFAULT_KEY ? url : `${url} (key ${info.key})`;
}

/** PeerJS pastes `host` into `ws://${host}:${port}`, so an IPv6 address needs its brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** A single-quoted JS string literal that is also safe inside an inline <script> (no `</script>`). */
function jsString(value: string): string {
  const escaped = value.replace(/[^\w .,:/@%+=~[\]-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${escaped}'`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function pageFile(name: string): string {
  return join(DEMO_PAGES_DIR, name);
}

let peerjsDistDir: string | undefined;

function peerjsClientFile(name: string): string {
  peerjsDistDir ??= join(dirname(createRequire(import.meta.url).resolve('peerjs/package.json')), 'dist');
  return join(peerjsDistDir, name);
}

const storedFiles = new Map<string, Buffer>();

function readStoredFile(file: string): Buffer {
  let content = storedFiles.get(file);
  if (!content) {
    try {
      content = readFileSync(file);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`rtcdemo can't read its demo page file ${file}: ${reason}`, { cause: error });
    }
    storedFiles.set(file, content);
  }
  return content;
}

function sendResponse(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headOnly: boolean,
  contentSecurityPolicy?: string,
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  // HTML is rendered per request and files are held in memory: always revalidate, never serve stale.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (contentSecurityPolicy) res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.end(headOnly ? undefined : body);
}
