/** The HTTP side: PeerJS's /id and /peers, /health, /metrics, CORS, the pages hook, binding and HTTPS. */
import { describe, expect, it } from 'vitest';
import { get as httpsGet } from 'node:https';
import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { EnvironmentError } from '../../src/core/errors.js';
import { isValidPeerId } from '../../src/shared/peer-id.js';
import { startSignalingServer } from '../../src/server/signaling-server.js';
import { listenError } from '../../src/server/listen.js';
import type { PageRequestInfo } from '../../src/server/http-routes.js';
import { connect, openPeer, startTestServer, wsUrl, OFFER_PAYLOAD } from './helpers.js';

const base = (server: { port: number }) => `http://127.0.0.1:${server.port}`;

describe('PeerJS REST routes', () => {
  it('GET <path><key>/id returns a fresh valid id as text, with CORS for an allowed page only', async () => {
    const server = await startTestServer();
    const first = await fetch(`${base(server)}/peerjs/id?ts=1&version=1.5.5`, { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(first.headers.get('vary')).toBe('Origin');
    const id = await first.text();
    expect(isValidPeerId(id)).toBe(true);
    expect(await (await fetch(`${base(server)}/peerjs/id`)).text()).not.toBe(id);
  });

  it('GET <path><key>/peers is 401 unless discovery is on, then lists the ids', async () => {
    const closed = await startTestServer();
    expect((await fetch(`${base(closed)}/peerjs/peers`)).status).toBe(401);
    const open = await startTestServer({ allowDiscovery: true });
    await openPeer(open, 'alice');
    await openPeer(open, 'bob');
    const res = await fetch(`${base(open)}/peerjs/peers`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as string[]).sort()).toEqual(['alice', 'bob']);
    expect((await fetch(`${base(open)}/otherkey/peers`)).status).toBe(401);
  });

  it('serves the routes under a custom path', async () => {
    const server = await startTestServer({ path: '/signal/' });
    expect((await fetch(`${base(server)}/signal/peerjs/id`)).status).toBe(200);
    expect((await fetch(`${base(server)}/peerjs/id`)).status).toBe(404);
    expect(await (await fetch(`${base(server)}/signal/`)).json()).toMatchObject({ name: 'PeerJS Server' });
  });

  it('answers CORS preflight, refuses other methods, and 404s the unknown', async () => {
    const server = await startTestServer();
    const preflight = await fetch(`${base(server)}/peerjs/id`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8080' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    expect((await fetch(`${base(server)}/peerjs/id`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base(server)}/nothing-here`)).status).toBe(404);
  });
});

describe('/health and /metrics', () => {
  it('GET /health reports status, peers and uptime', async () => {
    const server = await startTestServer();
    await openPeer(server, 'alice');
    const res = await fetch(`${base(server)}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: 'ok', peers: 1, uptimeSeconds: expect.any(Number) });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('GET /metrics is Prometheus text with the counters that moved', async () => {
    const server = await startTestServer();
    const alice = await openPeer(server, 'alice');
    const bob = await openPeer(server, 'bob');
    alice.send({ type: 'OFFER', dst: 'bob', payload: OFFER_PAYLOAD });
    await bob.nextOfType('OFFER');
    alice.send({ type: 'OFFER', dst: 'carol', payload: OFFER_PAYLOAD });
    await alice.roundTrip();
    const refused = await connect(wsUrl(server, { key: 'wrong', id: 'x', token: 't' }));
    await refused.closed;

    const res = await fetch(`${base(server)}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE rtcdemo_peers_connected gauge\nrtcdemo_peers_connected 2\n');
    expect(text).toContain('rtcdemo_messages_relayed_total{type="OFFER"} 1\n');
    expect(text).toContain('rtcdemo_messages_queued 1\n');
    expect(text).toContain('rtcdemo_clients_rejected_total{reason="invalid-key"} 1\n');
    expect(text).toContain('# TYPE rtcdemo_errors_total counter\n');
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) rtcdemo_[a-z_]+ .+|rtcdemo_[a-z_]+(\{[a-z]+="[^"]*"\})? -?\d+(\.\d+)?)$/);
    }
  });
});

describe('the pages hook', () => {
  it('is asked after the PeerJS routes, with where the page should connect, from the Host header', async () => {
    const seen: PageRequestInfo[] = [];
    const server = await startTestServer({
      pages: (req, res, info) => {
        seen.push(info);
        if (req.url !== '/') return false;
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>demo</h1>');
        return true;
      },
    });
    expect(await (await fetch(`${base(server)}/`)).text()).toBe('<h1>demo</h1>');
    expect(seen[0]).toEqual({ host: '127.0.0.1', port: server.port, path: '/', key: 'peerjs', secure: false });
    expect((await fetch(`${base(server)}/peerjs/id`)).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect((await fetch(`${base(server)}/missing`)).status).toBe(404);
    expect(seen).toHaveLength(2);
  });

  it('turns a throwing page handler into a 500 and a server-error event', async () => {
    const server = await startTestServer({ pages: () => { throw new Error('boom'); } });
    const errors: string[] = [];
    server.events.on('server-error', (e) => errors.push(e.message));
    expect((await fetch(`${base(server)}/`)).status).toBe(500);
    expect(errors).toEqual(['demo page handler: boom']);
    expect((await fetch(`${base(server)}/health`)).status).toBe(200);
  });
});

describe('binding', () => {
  it('turns a port in use into an EnvironmentError naming the port and --port 0', async () => {
    const first = await startTestServer();
    const attempt = startSignalingServer({ port: first.port, host: '127.0.0.1' });
    await expect(attempt).rejects.toBeInstanceOf(EnvironmentError);
    await expect(attempt).rejects.toThrow(new RegExp(`^port ${first.port} is already in use on 127\\.0\\.0\\.1: .*--port 0`));
  });

  it.each([
    ['EACCES', 80, /^not allowed to listen on port 80 on localhost \(ports below 1024 need privileges\): use another port \(--port 9000, or --port 0 for any free one\)$/],
    ['EADDRINUSE', 9000, /^port 9000 is already in use on localhost: stop the other server, or use another port \(--port 9001, or --port 0 for any free one\)$/],
    ['EADDRNOTAVAIL', 9000, /^cannot listen on localhost:9000: localhost is not an address of this machine/],
  ])('maps %s to a one-line EnvironmentError', (code, port, message) => {
    const error = listenError(Object.assign(new Error(code), { code }), 'localhost', port);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('leaves other listen errors as they are', () => {
    const original = Object.assign(new Error('weird'), { code: 'EWEIRD' });
    expect(listenError(original, 'localhost', 1)).toBe(original);
  });

  it('binds localhost on 127.0.0.1 (and ::1 where there is IPv6), each answering', async () => {
    const server = await startTestServer({ host: 'localhost' });
    expect(server.url).toBe(`http://localhost:${server.port}/`);
    expect(server.addresses[0]).toBe(`127.0.0.1:${server.port}`);
    for (const address of server.addresses) {
      expect((await fetch(`http://${address}/health`)).status).toBe(200);
    }
  });
});

describe('HTTPS', () => {
  it('serves a self-signed certificate for localhost and the loopback addresses, and wss works', async () => {
    const server = await startTestServer({ https: 'self-signed' });
    expect(server.secure).toBe(true);
    expect(server.url).toBe(`https://127.0.0.1:${server.port}/`);
    const { status, cert } = await new Promise<{ status: number; cert: X509Certificate }>((resolve, reject) => {
      httpsGet(`https://127.0.0.1:${server.port}/health`, { rejectUnauthorized: false }, (res) => {
        const raw = (res.socket as TLSSocket).getPeerX509Certificate();
        res.resume();
        if (!raw) return reject(new Error('no certificate'));
        resolve({ status: res.statusCode ?? 0, cert: raw });
      }).on('error', reject);
    });
    expect(status).toBe(200);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.fingerprint256).toBe(server.certificate?.fingerprint256);
    const client = await connect(wsUrl(server, { key: 'peerjs', id: 'alice', token: 't' }), { rejectUnauthorized: false });
    expect((await client.next()).type).toBe('OPEN');
  });
});
