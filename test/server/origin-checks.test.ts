/**
 * The origin and Host checks on a running server: WebSocket upgrades and HTTP requests from pages the server does
 * not allow are refused with 403 and a reason (to the client and in the log); programs without an Origin, its own
 * pages and localhost pages still work; a DNS-rebinding Host is never answered nor written into a page.
 */
import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { handleDemoPageRequest } from '../../src/server/demo-pages.js';
import { openPeer, recordEvents, startTestServer, wsUrl } from './helpers.js';
import type { SignalingServer } from '../../src/server/signaling-server.js';

/** Tries a PeerJS WebSocket with these headers: the first frame, or the HTTP refusal (status and body). */
function tryUpgrade(server: SignalingServer, headers: Record<string, string>, id = 'alice'): Promise<{ status: number; body: string; first?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(server, { key: 'peerjs', id, token: 't' }), { headers });
    ws.on('message', (data) => {
      resolve({ status: 101, body: '', first: String(data) });
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

/** A raw GET with exactly these headers (fetch would not let us set Host). */
function get(server: SignalingServer, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('WebSocket upgrades', () => {
  it('refuses a page from another site with 403 and says why, in the log and to the client', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const refused = await tryUpgrade(server, { Origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('may not use this signaling server');
    expect(server.stats().peers).toBe(0);
    expect(server.stats().rejected).toEqual({ 'origin-not-allowed': 1 });
    expect(events).toContainEqual({
      name: 'client-rejected',
      event: expect.objectContaining({ reason: 'origin-not-allowed', message: expect.stringContaining('--allow-origin https://evil.example') }),
    });
  });

  it('accepts programs without an Origin, localhost pages on any port, and pages it was told to allow', async () => {
    const server = await startTestServer({ allowOrigins: ['https://app.example.com'] });
    expect((await openPeer(server, 'program')).isClosed).toBe(false);
    for (const [id, origin] of [['tutorial', 'http://localhost:8080'], ['agent', 'http://127.0.0.1:41234'], ['app', 'https://app.example.com']] as const) {
      expect(await tryUpgrade(server, { Origin: origin }, id)).toEqual({ status: 101, body: '', first: '{"type":"OPEN"}' });
    }
    expect(server.stats().rejected).toEqual({});
  });

  it('refuses a DNS-rebinding Host even without an Origin', async () => {
    const server = await startTestServer();
    const refused = await tryUpgrade(server, { Host: `evil.example:${server.port}` });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('evil.example');
    expect(server.stats().rejected).toEqual({ 'host-not-allowed': 1 });
  });

  it('with * accepts any page, as the stock server does', async () => {
    const server = await startTestServer({ allowOrigins: ['*'] });
    expect((await tryUpgrade(server, { Origin: 'https://evil.example', Host: 'evil.example' })).status).toBe(101);
  });
});

describe('HTTP requests', () => {
  it('never answers a DNS-rebinding Host, nor writes it into a demo page', async () => {
    const server = await startTestServer({ pages: handleDemoPageRequest });
    for (const path of ['/receiver', '/sender', '/', '/peerjs/id', '/health']) {
      const res = await get(server, path, { Host: `evil.example:${server.port}` });
      expect(res.status, path).toBe(403);
      expect(res.body, path).not.toContain('evil.example');
    }
    const page = await get(server, '/receiver', { Host: `localhost:${server.port}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`host: 'localhost', port: ${server.port}`);
  });

  it('gives CORS headers to allowed origins only, and no wildcard anywhere', async () => {
    const server = await startTestServer({ pages: handleDemoPageRequest });
    for (const path of ['/peerjs/id', '/health', '/metrics', '/', '/receiver', '/peerjs.min.js']) {
      const plain = await get(server, path, {});
      expect(plain.headers['access-control-allow-origin'], path).toBeUndefined();
      const allowed = await get(server, path, { Origin: 'http://localhost:8080' });
      expect(allowed.headers['access-control-allow-origin'], path).toBe('http://localhost:8080');
      const evil = await get(server, path, { Origin: 'https://evil.example' });
      expect(evil.status, path).toBe(403);
      expect(evil.headers['access-control-allow-origin'], path).toBeUndefined();
    }
  });
});
