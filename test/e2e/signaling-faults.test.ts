/**
 * The agents against servers that are wrong, hostile or misaddressed: the real CLI, real Chromium, and real
 * servers written here (a plain HTTP server that is not PeerJS, a self-signed HTTPS server, WebSocket servers
 * that never say OPEN or that say OPEN then ERROR), our own server, and the stock `peer` 1.0.2 server.
 * Each failure is one line naming its cause, with the documented exit code. Nothing here waits on a clock:
 * tests wait for the event (a line on stderr, a connection at the server) and assert on what and in what order.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createSelfSignedCertificate } from '../../src/server/tls.js';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';
import { runRtcdemo, runRtcdemoToEnd, type CliRun } from './support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** An HTTP(S) server on 127.0.0.1 at a port the OS picks; `onSocket` gets each WebSocket on /peerjs. */
interface FakeServer {
  url: string;
  port: number;
  /** WebSocket connections so far, and a promise for the n-th. */
  connections: number;
  connection(n: number): Promise<void>;
  close(): Promise<void>;
}

async function fakeServer(options: { tls?: boolean; peerJsId?: boolean; onSocket?: (socket: WebSocket) => void }): Promise<FakeServer> {
  const handler: http.RequestListener = (req, res) => {
    // What PeerJS asks first when it has no id: GET <path><key>/id. A PeerJS-looking server answers it.
    // The agent page fetches it cross-origin, as PeerJS pages do: CORS as the stock server sends it.
    if (options.peerJsId && /^\/peerjs\/id(\?|$)/.test(req.url ?? '')) res.writeHead(200, { 'access-control-allow-origin': '*' }).end('fake-assigned-id');
    else res.writeHead(404).end('not found');
  };
  const server = options.tls ? https.createServer(await createSelfSignedCertificate(['127.0.0.1']), handler) : http.createServer(handler);
  const wss = new WebSocketServer({ noServer: true });
  const waiting = new Map<number, () => void>();
  const fake = { connections: 0 } as FakeServer;
  server.on('upgrade', (req, socket, head) => {
    if (!options.onSocket || !req.url?.startsWith('/peerjs?')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      fake.connections += 1;
      waiting.get(fake.connections)?.();
      ws.on('error', () => undefined);
      options.onSocket!(ws);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
    connection: (n: number) => (fake.connections >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(n, resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const servers: Array<{ close(): Promise<void> }> = [];
const runs: CliRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
    await run.exited;
  }
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function track<S extends { close(): Promise<void> }>(server: Promise<S>): Promise<S> {
  const started = await server;
  servers.push(started);
  return started;
}

function start(args: string[]): CliRun {
  const run = runRtcdemo(args);
  runs.push(run);
  return run;
}

/** The one line a failed command prints. */
function onlyLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return lines[0]!;
}

describe('a server that is not what --server says', () => {
  it('a plain HTTP server that is not PeerJS: exit 3, naming the request and its status', { timeout: 30_000 }, async () => {
    const server = await track(fakeServer({}));
    const run = await runRtcdemoToEnd(['send', '--to', 'receiver', '--server', server.url]);
    expect(onlyLine(run.stderr)).toBe(`rtcdemo: ${server.url} answered but is not a PeerJS server (GET /peerjs/id → 404): check the host, port and path of --server`);
    expect(run.code).toBe(3);
  });

  it('https:// given for a server that speaks plain http: exit 3, with the URL to use', { timeout: 30_000 }, async () => {
    const server = await track(fakeServer({ peerJsId: true }));
    const run = await runRtcdemoToEnd(['receive', '--server', `https://127.0.0.1:${server.port}/`]);
    expect(onlyLine(run.stderr)).toBe(`rtcdemo: https:// given but 127.0.0.1:${server.port} speaks plain http: use http://127.0.0.1:${server.port}/`);
    expect(run.code).toBe(3);
  });

  it('http:// given for a server that speaks https: exit 3, with the URL to use', { timeout: 30_000 }, async () => {
    const server = await track(fakeServer({ tls: true, peerJsId: true }));
    const run = await runRtcdemoToEnd(['call', '--to', 'receiver', '--server', `http://127.0.0.1:${server.port}/`]);
    expect(onlyLine(run.stderr)).toBe(`rtcdemo: http:// given but 127.0.0.1:${server.port} speaks https: use https://127.0.0.1:${server.port}/`);
    expect(run.code).toBe(3);
  });

  it('a WebSocket server that never says OPEN: exit 3 (a server problem), not a check failure', { timeout: 30_000 }, async () => {
    const server = await track(fakeServer({ peerJsId: true, onSocket: () => undefined }));
    const run = await runRtcdemoToEnd(['send', '--to', 'receiver', '--timeout', '1s', '--server', server.url]);
    expect(onlyLine(run.stderr)).toBe(
      `rtcdemo: the signaling server at ${server.url} never confirmed the peer (no OPEN from the signaling server within 1 s): it took the connection but is it a PeerJS server, and is it overloaded?`,
    );
    expect(run.code).toBe(3);
    expect(server.connections).toBe(1);
  });
});

describe('a server that answers OPEN, then ERROR, every time', () => {
  it('receive retries ever more slowly (0.25, 0.75, 1.5, 3 s…) and says the server keeps refusing', { timeout: 60_000 }, async () => {
    const server = await track(
      fakeServer({
        peerJsId: true,
        onSocket: (ws) => {
          ws.send(JSON.stringify({ type: 'OPEN' }));
          ws.send(JSON.stringify({ type: 'ERROR', payload: { msg: 'Server is full' } }));
        },
      }),
    );
    const run = start(['receive', '--server', server.url]);
    await run.waitFor('stderr', /registered as "receiver"/, 20_000);
    // The fourth loss: its line announces the wait before the fifth connection.
    await run.waitFor('stderr', /trying again in 3 s/, 30_000);
    // Not one connection more than the agent announced: 1 registration + 3 reconnects so far.
    expect(server.connections).toBe(4);
    const losses = run.stderr().split('\n').filter((line) => /lost the signaling server|keeps dropping us/.test(line));
    expect(losses.map((line) => line.match(/(?:reconnecting|trying again) in ([\d.]+) s/)?.[1])).toEqual(['0.25', '0.75', '1.5', '3']);
    expect(losses.slice(2).every((line) => line.includes('keeps dropping us right after accepting us') && line.includes('it said "Server is full"'))).toBe(true);
    expect(losses[2]).toContain('(3 times in a row;');
    await server.connection(5);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(143);
  });
});

describe('a wrong --key', () => {
  let stock: ChildProcess | undefined;
  let stockUrl = '';
  beforeAll(async () => {
    const script = `
      const { PeerServer } = await import('peer');
      const server = PeerServer({ port: 0, host: '127.0.0.1' }, (s) => process.stdout.write(s.address().port + '\\n'));
      server.on('error', () => undefined);`;
    stock = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      stock!.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
      stock!.once('exit', (code) => reject(new Error(`stock peer server exited with ${code}`)));
    });
    stockUrl = `http://127.0.0.1:${port}/`;
  });
  afterAll(() => {
    stock?.kill('SIGKILL');
  });

  it('our server: exit 2, "refused key": never "is rtcdemo serve running there?"', { timeout: 30_000 }, async () => {
    const server = await track(startSignalingServer({ port: 0, host: '127.0.0.1', key: 'secret' }));
    const run = await runRtcdemoToEnd(['send', '--to', 'receiver', '--key', 'wrong', '--server', server.url]);
    expect(onlyLine(run.stderr)).toBe(`rtcdemo: the server at ${server.url} refused key "wrong" (Invalid key provided): pass the server's --key`);
    expect(run.code).toBe(2);
  });

  it('the stock peer 1.0.2 server: the same', { timeout: 30_000 }, async () => {
    const run = await runRtcdemoToEnd(['receive', '--key', 'wrong', '--server', stockUrl]);
    expect(onlyLine(run.stderr)).toBe(`rtcdemo: the server at ${stockUrl} refused key "wrong" (Invalid key provided): pass the server's --key`);
    expect(run.code).toBe(2);
  });
});

describe('a peer that is not there', () => {
  let server: SignalingServer;
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  // The server's EXPIRE comes after 5 s; a shorter --timeout used to end first, as a check failure (exit 1).
  it.each([[[]], [['--timeout', '2s']]])('send %j: exit 3, peer not found', { timeout: 40_000 }, async (timeout) => {
    const run = await runRtcdemoToEnd(['send', '--to', 'nobody', ...timeout, '--server', server.url]);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^rtcdemo: peer "nobody" is not connected to ${server.url} \\(.+\\): start it first`));
    expect(run.code).toBe(3);
  });
});

describe('a hostile peer', () => {
  it('an OFFER with SDP the browser refuses: receive names the browser\'s reason (was "peer error (webrtc): " and nothing)', { timeout: 30_000 }, async () => {
    const server = await track(startSignalingServer({ port: 0, host: '127.0.0.1' }));
    const run = start(['receive', '--server', server.url]);
    await run.waitFor('stderr', /registered as "receiver"/, 20_000);
    const mallory = new WebSocket(`ws://127.0.0.1:${server.port}/peerjs?key=peerjs&id=mallory&token=t1`);
    servers.push({ close: async () => mallory.terminate() });
    await new Promise<void>((resolve) => mallory.once('message', () => resolve())); // OPEN
    const payload = { type: 'data', connectionId: 'dc_evil', label: 'dc_evil', serialization: 'binary', reliable: true, sdp: { type: 'offer', sdp: 'v=0\r\nthis is not SDP\r\n' } };
    mallory.send(JSON.stringify({ type: 'OFFER', dst: 'receiver', payload }));
    const [line] = await run.waitFor('stderr', /peer error \(webrtc\):.*$/m, 15_000);
    expect(line).toMatch(/peer error \(webrtc\): \w*Error: .*setRemoteDescription/);
  });
});
