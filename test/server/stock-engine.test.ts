/**
 * `--engine stock`: the stock `peer` server in-process behind rtcdemo's front, reporting through the same events,
 * surviving malformed frames, and refusing pages from other sites like ours.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connect, openPeer, recordEvents, startTestServer, waitFor, wsUrl, OFFER_PAYLOAD } from './helpers.js';

describe('--engine stock', () => {
  it('reports registrations, relays, refusals and departures through the same events', async () => {
    const server = await startTestServer({ engine: 'stock' });
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    const bob = await openPeer(server, 'bob');
    alice.send({ type: 'OFFER', dst: 'bob', payload: OFFER_PAYLOAD });
    await bob.nextOfType('OFFER');
    alice.send({ type: 'OFFER', dst: 'carol', payload: OFFER_PAYLOAD });
    const thief = await connect(wsUrl(server, { key: 'peerjs', id: 'alice', token: 'other' }));
    expect(await thief.next()).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
    const wrongKey = await connect(wsUrl(server, { key: 'nope', id: 'dave', token: 't' }));
    expect(await wrongKey.next()).toEqual({ type: 'ERROR', payload: { msg: 'Invalid key provided' } });
    bob.socket.close();
    await waitFor(() => events.some((e) => e.name === 'peer-left'), 3000, 'peer-left');
    expect(events.map((e) => e.name)).toEqual(['peer-registered', 'peer-registered', 'relay', 'relay', 'client-rejected', 'client-rejected', 'peer-left']);
    expect(events[2]!.event).toMatchObject({ type: 'OFFER', from: 'alice', to: 'bob', delivery: 'direct', connection: 'data' });
    expect(events[3]!.event).toMatchObject({ to: 'carol', delivery: 'queued' });
    expect(events[4]!.event).toMatchObject({ id: 'alice', reason: 'id-taken', message: 'ID is taken' });
    expect(events[5]!.event).toMatchObject({ id: 'dave', reason: 'invalid-key', message: 'Invalid key provided' });
    expect(events[6]!.event).toMatchObject({ id: 'bob', peers: 1 });
    expect(server.stats()).toMatchObject({ peers: 1, relayed: { OFFER: 2 }, rejected: { 'id-taken': 1, 'invalid-key': 1 } });
  });

  it('survives frames that crash the stock server without an error listener, and keeps relaying', async () => {
    const server = await startTestServer({ engine: 'stock' });
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    const bob = await openPeer(server, 'bob');
    for (const frame of ['null', '"text"', '{not json', '5']) alice.send(frame);
    await waitFor(() => events.filter((e) => e.name === 'socket-error').length === 4, 3000, 'four socket-error events');
    alice.send({ type: 'OFFER', dst: 'bob', payload: OFFER_PAYLOAD });
    expect(await bob.nextOfType('OFFER')).toMatchObject({ src: 'alice' });
  });

  it('refuses pages from other sites and DNS-rebinding Hosts, like rtcdemo\'s engine', async () => {
    const server = await startTestServer({ engine: 'stock' });
    const status = (headers: Record<string, string>) => new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl(server, { key: 'peerjs', id: 'x', token: 't' }), { headers });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => { resolve(101); ws.terminate(); });
      ws.on('error', () => {});
    });
    expect(await status({ Origin: 'https://evil.example' })).toBe(403);
    expect(await status({ Host: 'evil.example' })).toBe(403);
    expect(await status({ Origin: 'http://localhost:8080' })).toBe(101);
    expect(server.stats().rejected).toEqual({ 'origin-not-allowed': 1, 'host-not-allowed': 1 });
  });

  it('answers its REST routes, and /health and /metrics from our side', async () => {
    const server = await startTestServer({ engine: 'stock' });
    const base = `http://127.0.0.1:${server.port}`;
    expect(await (await fetch(`${base}/`)).json()).toMatchObject({ name: 'PeerJS Server' });
    expect(await (await fetch(`${base}/peerjs/id`)).text()).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'ok', engine: 'stock' });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('rtcdemo_peers_connected 0');
    const cors = await fetch(`${base}/peerjs/id`, { headers: { Origin: 'https://evil.example' } });
    expect(cors.status).toBe(403);
    expect(cors.headers.get('access-control-allow-origin')).toBeNull();
  });
});
