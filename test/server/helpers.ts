/** Raw `ws` clients speaking PeerJS to a server under test, and a server that closes itself after each test. */
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { startSignalingServer, type SignalingServer, type SignalingServerOptions } from '../../src/server/signaling-server.js';
import type { SignalingEventMap } from '../../src/server/server-events.js';

export interface ServerMessage {
  type: string;
  src?: string;
  dst?: string;
  payload?: unknown;
}

const started: SignalingServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.terminate();
  await Promise.all(started.splice(0).map((server) => server.close()));
});

/** Port 0 on 127.0.0.1: never a fixed port, never a second address family to reason about. */
export async function startTestServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', ...options });
  started.push(server);
  return server;
}

export function wsUrl(server: Pick<SignalingServer, 'port' | 'path' | 'secure'>, query: Record<string, string>, host = '127.0.0.1'): string {
  const search = new URLSearchParams(query).toString();
  return `${server.secure ? 'wss' : 'ws'}://${host}:${server.port}${server.path}peerjs?${search}`;
}

export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  constructor(readonly socket: WebSocket) {
    clients.push(this);
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ServerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => {
      for (const wake of this.waiters.splice(0)) wake();
      resolve({ code, reason: String(reason) });
    }));
  }

  get isClosed(): boolean {
    return this.socket.readyState === WebSocket.CLOSED;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (from the start) matching `match` that has not been taken yet. */
  async next(match: (m: ServerMessage) => boolean = () => true, timeoutMs = 3000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex(match);
      if (index >= 0) return this.messages.splice(index, 1)[0]!;
      if (this.isClosed) throw new Error(`socket closed before the expected message; got ${JSON.stringify(this.messages)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  nextOfType(type: string, timeoutMs?: number): Promise<ServerMessage> {
    return this.next((m) => m.type === type, timeoutMs);
  }

  /** Sends a ping and waits for its pong: every frame sent before it has been handled by the server. */
  async roundTrip(timeoutMs = 3000): Promise<'pong' | 'closed'> {
    if (this.socket.readyState !== WebSocket.OPEN) return 'closed';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no pong and no close')), timeoutMs);
      const done = (result: 'pong' | 'closed') => { clearTimeout(timer); this.socket.off('pong', onPong); resolve(result); };
      const onPong = () => done('pong');
      this.socket.on('pong', onPong);
      void this.closed.then(() => done('closed'));
      this.socket.ping();
    });
  }
}

/** Opens a socket (resolves on the WebSocket open, before any PeerJS message). */
export async function connect(url: string, options: { rejectUnauthorized?: boolean } = {}): Promise<TestClient> {
  const socket = new WebSocket(url, options);
  const client = new TestClient(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return client;
}

/** Registers `id` and waits for OPEN. */
export async function openPeer(server: SignalingServer, id: string, { token = `token-${id}`, key = server.key } = {}): Promise<TestClient> {
  const client = await connect(wsUrl(server, { key, id, token, version: '1.5.5' }));
  const first = await client.next();
  if (first.type !== 'OPEN') throw new Error(`expected OPEN for ${id}, got ${JSON.stringify(first)}`);
  return client;
}

/** Records every event the server emits, in order. */
export function recordEvents(server: SignalingServer): Array<{ name: keyof SignalingEventMap; event: SignalingEventMap[keyof SignalingEventMap][0] }> {
  const log: Array<{ name: keyof SignalingEventMap; event: SignalingEventMap[keyof SignalingEventMap][0] }> = [];
  const names: Array<keyof SignalingEventMap> = ['peer-registered', 'peer-left', 'relay', 'message-dropped', 'queue-expired', 'client-rejected', 'socket-error', 'server-error'];
  for (const name of names) server.events.on(name, (event: SignalingEventMap[keyof SignalingEventMap][0]) => log.push({ name, event }));
  return log;
}

export async function waitFor(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const OFFER_PAYLOAD = { type: 'data', connectionId: 'dc_test1', sdp: { type: 'offer', sdp: 'v=0\r\n' }, serialization: 'binary', reliable: true };
