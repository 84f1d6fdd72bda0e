/**
 * Raw TCP connections that never register: a per-address cap counted when they are accepted, short timeouts for
 * idle ones, and the refusals in /metrics, while /health keeps answering.
 */
import { describe, expect, it } from 'vitest';
import net, { type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { PendingSockets } from '../../src/server/pending-sockets.js';
import { startTestServer, waitFor } from './helpers.js';

/** Opens a TCP connection from `localAddress` (127.0.0.0/8 is all loopback) and records what it is told. */
function idleSocket(port: number, localAddress: string): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    socket.on('data', (chunk) => (text += String(chunk)));
    socket.on('error', () => {});
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

describe('sockets that never register', () => {
  it('are capped per address when accepted; past the cap a 503 says why; /health still answers; /metrics counts', async () => {
    const server = await startTestServer({ limits: { maxPendingSocketsPerIp: 20 } });
    const idle = [];
    for (let i = 0; i < 30; i++) idle.push(await idleSocket(server.port, '127.0.0.2'));
    await Promise.all(idle.slice(20).map((s) => s.closed));
    for (const refused of idle.slice(20)) expect(refused.received()).toMatch(/^HTTP\/1\.1 503 [^]*Too many open connections from your address: the limit is 20/);
    expect(idle.slice(0, 20).every((s) => !s.socket.destroyed)).toBe(true);
    expect(server.stats().pendingSockets).toBe(20);

    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    expect(metrics).toContain('rtcdemo_clients_rejected_total{reason="too-many-pending-sockets"} 10');
    for (const s of idle) s.socket.destroy();
  });

  it('are closed after the headers timeout (408), which frees the address again', async () => {
    const server = await startTestServer({ limits: { maxPendingSocketsPerIp: 2 }, timeouts: { headersTimeoutMs: 300 } });
    const idle = [await idleSocket(server.port, '127.0.0.3'), await idleSocket(server.port, '127.0.0.3')];
    await Promise.all(idle.map((s) => s.closed));
    for (const s of idle) expect(s.received()).toMatch(/^HTTP\/1\.1 408 /);
    await waitFor(() => server.stats().pendingSockets === 0, 3000, 'the address to be free');
    expect(server.stats().rejected).toEqual({ 'request-timeout': 2 });
    const again = await idleSocket(server.port, '127.0.0.3');
    expect(again.socket.destroyed).toBe(false);
    again.socket.destroy();
  });
});

describe('registration', () => {
  it('a socket that registers as a peer no longer counts against the cap', async () => {
    const server = await startTestServer({ limits: { maxPendingSocketsPerIp: 8 } });
    const raw = await idleSocket(server.port, '127.0.0.4');
    expect(server.stats().pendingSockets).toBe(1);
    raw.socket.write('GET /peerjs?key=peerjs&id=raw&token=t HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    await waitFor(() => server.stats().peers === 1, 2000, 'the registration');
    expect(server.stats().pendingSockets).toBe(0);
    raw.socket.destroy();
  });
});

/** What PendingSockets reads from a socket: its address, its port, and its close event. */
function fakeSocket(remotePort: number, remoteAddress = '10.0.0.1'): Socket {
  return Object.assign(new EventEmitter(), { remoteAddress, remotePort }) as unknown as Socket;
}

describe('PendingSockets', () => {
  it('counts per address, refuses past the maximum, and frees a slot when a socket closes', () => {
    const pending = new PendingSockets(2);
    const [a, b, c] = [fakeSocket(1), fakeSocket(2), fakeSocket(3)];
    expect([pending.admit(a), pending.admit(b), pending.admit(c)]).toEqual([true, true, false]);
    expect(pending.isRefused(c)).toBe(true);
    expect(pending.admit(fakeSocket(4, '10.0.0.2'))).toBe(true);
    a.emit('close');
    expect(pending.admit(fakeSocket(5))).toBe(true);
  });

  it('cuts an upgraded socket that has not registered by its deadline, and not one that did', async () => {
    const pending = new PendingSockets(10);
    const [a, b] = [fakeSocket(1), fakeSocket(2)];
    pending.admit(a);
    pending.admit(b);
    const cut: string[] = [];
    pending.expectRegistration(a, 30, () => cut.push('a'));
    pending.expectRegistration(b, 30, () => cut.push('b'));
    pending.registered(b);
    await waitFor(() => cut.length > 0, 2000, 'the deadline');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cut).toEqual(['a']);
    expect(pending.size).toBe(1);
  });
});
