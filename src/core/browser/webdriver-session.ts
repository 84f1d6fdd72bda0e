/**
 * A W3C WebDriver session that rtcdemo creates and always deletes: POST /session with the fake-media
 * arguments (Chromium) or preferences (Firefox) and `webSocketUrl: true`, puppeteer over the session's
 * WebDriver BiDi socket, DELETE /session/<id> at the end, and a synchronous DELETE at exit if the process
 * is going down before that (cleanup.ts), so no grid slot stays taken.
 * https://w3c.github.io/webdriver/#new-session, https://w3c.github.io/webdriver-bidi/#establishing
 */
import { spawnSync } from 'node:child_process';
import WebSocket from 'ws';
import type { ConnectionTransport } from 'puppeteer-core';
import { EnvironmentError } from '../errors.js';

export interface WebDriverSession {
  id: string;
  /** The session's BiDi WebSocket (ws://…/session/<id>). */
  webSocketUrl: string;
  capabilities: Record<string, unknown>;
}

export interface SessionCapabilityOptions {
  browserName: string;
  /** Chromium flags (CHROMIUM_FLAGS and the run's own). */
  chromiumArgs: string[];
  acceptInsecureCerts: boolean;
}

/** Firefox's fake camera and microphone, granted without a prompt (about:config names). */
export const FIREFOX_FAKE_MEDIA_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
};

export function sessionCapabilities(options: SessionCapabilityOptions): Record<string, unknown> {
  const base = { browserName: options.browserName, webSocketUrl: true, acceptInsecureCerts: options.acceptInsecureCerts };
  const vendor =
    options.browserName === 'firefox'
      ? { 'moz:firefoxOptions': { args: ['-headless'], prefs: FIREFOX_FAKE_MEDIA_PREFS } }
      : { 'goog:chromeOptions': { args: ['--headless=new', ...options.chromiumArgs] } };
  return { capabilities: { alwaysMatch: { ...base, ...vendor } } };
}

export async function createWebDriverSession(baseUrl: string, label: string, body: Record<string, unknown>, timeoutMs = 60_000): Promise<WebDriverSession> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new EnvironmentError(`cannot reach the WebDriver endpoint ${label}: ${reasonOf(error)}`);
  }
  const text = await response.text();
  const value = parseValue(text);
  if (!response.ok) {
    const why = typeof value?.message === 'string' ? `${String(value.error ?? response.status)}: ${value.message.split('\n')[0]}` : `HTTP ${response.status}`;
    throw new EnvironmentError(`the WebDriver endpoint ${label} refused a session (${why.slice(0, 300)})`);
  }
  const id = typeof value?.sessionId === 'string' ? value.sessionId : null;
  const capabilities = (value?.capabilities ?? {}) as Record<string, unknown>;
  if (!id) throw new EnvironmentError(`the WebDriver endpoint ${label} answered without a session id`);
  const webSocketUrl = capabilities.webSocketUrl;
  if (typeof webSocketUrl !== 'string') {
    await deleteWebDriverSession(baseUrl, id);
    throw new EnvironmentError(`the WebDriver endpoint ${label} gave no WebDriver BiDi socket (no webSocketUrl): use a chromedriver, geckodriver or Selenium Grid 4 with WebDriver BiDi`);
  }
  return { id, webSocketUrl, capabilities };
}

/** Never throws: a session that is already gone (the browser died, the grid timed it out) is fine. */
export async function deleteWebDriverSession(baseUrl: string, id: string, timeoutMs = 15_000): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/session/${encodeURIComponent(id)}`, { method: 'DELETE', signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether the session's browser still answers: GET /session/<id>/window fails once it is gone. */
export async function webDriverSessionAlive(baseUrl: string, id: string, timeoutMs = 5_000): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/session/${encodeURIComponent(id)}/window`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** For exit handlers, where nothing asynchronous runs any more: a child Node process sends the DELETE. */
export function deleteWebDriverSessionSync(baseUrl: string, id: string): void {
  const script = 'fetch(process.argv[1],{method:"DELETE",signal:AbortSignal.timeout(4000)}).then(()=>{},()=>{})';
  spawnSync(process.execPath, ['-e', script, `${baseUrl}/session/${encodeURIComponent(id)}`], { timeout: 5000, stdio: 'ignore' });
}

/**
 * puppeteer's BiDi connect always starts with `session.new`, which a socket that belongs to an HTTP-created
 * session refuses ("session already exists": chromedriver, https://github.com/puppeteer/puppeteer/issues/12879).
 * This transport answers `session.new` with the session we made and `session.end` with success (we DELETE it
 * over HTTP instead), and passes everything else through.
 */
export function connectBidiTransport(session: WebDriverSession, timeoutMs = 15_000): Promise<ConnectionTransport> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(session.webSocketUrl, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024, handshakeTimeout: timeoutMs });
    const answer = (id: unknown, result: unknown) => setImmediate(() => transport.onmessage?.(JSON.stringify({ type: 'success', id, result })));
    const transport: ConnectionTransport = {
      send(message: string) {
        const parsed = JSON.parse(message) as { id?: unknown; method?: string };
        if (parsed.method === 'session.new') return answer(parsed.id, { sessionId: session.id, capabilities: session.capabilities });
        if (parsed.method === 'session.end') return answer(parsed.id, {});
        if (ws.readyState === WebSocket.OPEN) ws.send(message);
      },
      close() {
        ws.close();
      },
    };
    ws.on('message', (data: Buffer) => transport.onmessage?.(data.toString('utf8')));
    ws.on('close', () => transport.onclose?.());
    ws.on('error', () => undefined); // 'close' follows; before 'open', the once('error') below rejects
    ws.once('open', () => resolve(transport));
    ws.once('error', (error) => reject(new EnvironmentError(`cannot open the WebDriver BiDi socket ${session.webSocketUrl.replace(/\/session\/.*/, '/session/…')}: ${reasonOf(error)}`)));
  });
}

function parseValue(text: string): Record<string, unknown> | null {
  try {
    const body = JSON.parse(text) as { value?: unknown };
    return typeof body.value === 'object' && body.value !== null ? (body.value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code) return cause.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  // puppeteer rejects a failed WebSocket with the socket's ErrorEvent, not an Error.
  const nested = (error as { error?: unknown; message?: unknown } | null) ?? {};
  const text = error instanceof Error ? error.message : typeof nested.message === 'string' && nested.message ? nested.message : nested.error ? reasonOf(nested.error) : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
