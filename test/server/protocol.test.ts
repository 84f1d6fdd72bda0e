/** PeerJS protocol conformance, driven by raw `ws` clients the way the PeerJS client (lib/socket.ts) speaks. */
import { describe, expect, it } from 'vitest';
import { ServerErrorText } from '../../src/server/peerjs-protocol.js';
import { connect, openPeer, recordEvents, startTestServer, waitFor, wsUrl, OFFER_PAYLOAD } from './helpers.js';

describe('registration', () => {
  it('answers OPEN and counts the peer', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    await openPeer(server, 'alice');
    expect(server.stats().peers).toBe(1);
    expect(events).toContainEqual({ name: 'peer-registered', event: expect.objectContaining({ id: 'alice', remoteAddress: '127.0.0.1', peers: 1, reconnected: false }) });
  });

  it('answers ID-TAKEN to a second client with the same id and another token, and keeps the first', async () => {
    const server = await startTestServer();
    const alice = await openPeer(server, 'alice', { token: 'one' });
    const impostor = await connect(wsUrl(server, { key: 'peerjs', id: 'alice', token: 'two' }));
    expect(await impostor.next()).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
    await impostor.closed;
    const bob = await openPeer(server, 'bob');
    bob.send({ type: 'OFFER', dst: 'alice', payload: OFFER_PAYLOAD });
    expect(await alice.nextOfType('OFFER')).toMatchObject({ src: 'bob' });
  });

  it('moves an id to a new socket with the same token, says OPEN again, and closes the old socket', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const old = await openPeer(server, 'alice', { token: 'same' });
    const fresh = await openPeer(server, 'alice', { token: 'same' });
    await old.closed;
    const bob = await openPeer(server, 'bob');
    bob.send({ type: 'OFFER', dst: 'alice', payload: OFFER_PAYLOAD });
    expect(await fresh.nextOfType('OFFER')).toMatchObject({ src: 'bob' });
    expect(server.stats().peers).toBe(2);
    expect(events.filter((e) => e.name === 'peer-left')).toEqual([]);
    expect(events).toContainEqual({ name: 'peer-registered', event: expect.objectContaining({ id: 'alice', reconnected: true }) });
  });

  it.each([
    ['a wrong key', { key: 'nope', id: 'alice', token: 't' }, 'Invalid key provided', 'invalid-key'],
    ['an invalid id', { key: 'peerjs', id: 'bad id!', token: 't' }, ServerErrorText.invalidId, 'invalid-id'],
    ['an id with a double separator', { key: 'peerjs', id: 'a--b', token: 't' }, ServerErrorText.invalidId, 'invalid-id'],
    ['no token', { key: 'peerjs', id: 'alice' }, 'No id, token, or key supplied to websocket server', 'invalid-parameters'],
    ['no id', { key: 'peerjs', token: 't' }, 'No id, token, or key supplied to websocket server', 'invalid-parameters'],
    ['a huge token', { key: 'peerjs', id: 'alice', token: 'x'.repeat(500) }, 'Invalid token provided', 'invalid-token'],
  ])('refuses %s with ERROR and closes', async (_what, query, msg, reason) => {
    const server = await startTestServer();
    const client = await connect(wsUrl(server, query));
    expect(await client.next()).toEqual({ type: 'ERROR', payload: { msg } });
    await client.closed;
    expect(server.stats().peers).toBe(0);
    expect(server.stats().rejected).toEqual({ [reason]: 1 });
  });

  it('refuses WebSocket upgrades on other paths with 400', async () => {
    const server = await startTestServer();
    await expect(connect(`ws://127.0.0.1:${server.port}/elsewhere?key=peerjs&id=a&token=t`)).rejects.toThrow('HTTP 400');
  });

  it('uses the configured path and key', async () => {
    const server = await startTestServer({ path: 'signal', key: 'k1' });
    expect(server.path).toBe('/signal/');
    await openPeer(server, 'alice', { key: 'k1' });
    await expect(connect(`ws://127.0.0.1:${server.port}/peerjs?key=k1&id=b&token=t`)).rejects.toThrow('HTTP 400');
  });

  it('refuses peers beyond --max-peers and beyond the per-address limit', async () => {
    const full = await startTestServer({ limits: { maxPeers: 2 } });
    await openPeer(full, 'a');
    await openPeer(full, 'b');
    const third = await connect(wsUrl(full, { key: 'peerjs', id: 'c', token: 't' }));
    expect(await third.next()).toEqual({ type: 'ERROR', payload: { msg: 'Server has reached its concurrent user limit' } });

    const perIp = await startTestServer({ limits: { maxConnectionsPerIp: 1 } });
    await openPeer(perIp, 'a');
    const second = await connect(wsUrl(perIp, { key: 'peerjs', id: 'b', token: 't' }));
    expect(await second.next()).toMatchObject({ type: 'ERROR', payload: { msg: expect.stringContaining('Too many connections from your address') } });
    expect(perIp.stats().rejected).toEqual({ 'too-many-from-address': 1 });
  });
});

describe('relaying', () => {
  it.each(['OFFER', 'ANSWER', 'CANDIDATE'])('relays %s with src set by the server and only the four PeerJS fields', async (type) => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    const bob = await openPeer(server, 'bob');
    alice.send({ type, dst: 'bob', src: 'mallory', payload: OFFER_PAYLOAD, extra: 'dropped' });
    expect(await bob.next()).toEqual({ type, src: 'alice', dst: 'bob', payload: OFFER_PAYLOAD });
    const bytes = Buffer.byteLength(JSON.stringify({ type, src: 'alice', dst: 'bob', payload: OFFER_PAYLOAD }));
    expect(events).toContainEqual({ name: 'relay', event: expect.objectContaining({ type, from: 'alice', to: 'bob', bytes, delivery: 'direct', connection: 'data', origin: 'peer' }) });
    expect(server.stats().relayed[type as 'OFFER']).toBe(1);
  });

  it('tells a media OFFER from a data OFFER', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    const bob = await openPeer(server, 'bob');
    alice.send({ type: 'OFFER', dst: 'bob', payload: { ...OFFER_PAYLOAD, type: 'media' } });
    await bob.nextOfType('OFFER');
    expect(events.find((e) => e.name === 'relay')?.event).toMatchObject({ connection: 'media' });
  });

  it('queues messages for a peer that is not connected yet and delivers them, in order, after its OPEN', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    alice.send({ type: 'OFFER', dst: 'carol', payload: OFFER_PAYLOAD });
    alice.send({ type: 'CANDIDATE', dst: 'carol', payload: { candidate: 'c1', type: 'data', connectionId: 'dc_test1' } });
    await alice.roundTrip();
    expect(server.stats().queuedMessages).toBe(2);
    const carol = await connect(wsUrl(server, { key: 'peerjs', id: 'carol', token: 't' }));
    expect((await carol.next()).type).toBe('OPEN');
    expect(await carol.next()).toMatchObject({ type: 'OFFER', src: 'alice' });
    expect(await carol.next()).toMatchObject({ type: 'CANDIDATE', src: 'alice', payload: { candidate: 'c1' } });
    expect(server.stats().queuedMessages).toBe(0);
    const deliveries = events.filter((e) => e.name === 'relay').map((e) => (e.event as { delivery: string }).delivery);
    expect(deliveries).toEqual(['queued', 'queued', 'from-queue', 'from-queue']);
    expect(events.find((e) => e.name === 'peer-registered' && (e.event as { id: string }).id === 'carol')?.event).toMatchObject({ queuedDelivered: 2 });
  });

  it('sends one EXPIRE per sender after the expire timeout and drops the queue', async () => {
    const server = await startTestServer({ expireTimeoutMs: 200 });
    const alice = await openPeer(server, 'alice');
    alice.send({ type: 'OFFER', dst: 'ghost', payload: OFFER_PAYLOAD });
    alice.send({ type: 'CANDIDATE', dst: 'ghost', payload: { candidate: 'c1' } });
    const started = Date.now();
    expect(await alice.next()).toEqual({ type: 'EXPIRE', src: 'ghost', dst: 'alice' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await alice.roundTrip();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alice.messages).toEqual([]); // not a second EXPIRE for the CANDIDATE
    expect(server.stats().queuedMessages).toBe(0);
  });

  it('answers a message for an id that can never register with an immediate EXPIRE', async () => {
    const server = await startTestServer();
    const alice = await openPeer(server, 'alice');
    alice.send({ type: 'OFFER', dst: 'not a valid id!', payload: OFFER_PAYLOAD });
    expect(await alice.next(undefined, 500)).toEqual({ type: 'EXPIRE', src: 'not a valid id!', dst: 'alice' });
    expect(server.stats().queuedMessages).toBe(0);
  });

  it('relays LEAVE to a connected peer and drops LEAVE and EXPIRE for absent ones', async () => {
    const server = await startTestServer();
    const alice = await openPeer(server, 'alice');
    const bob = await openPeer(server, 'bob');
    alice.send({ type: 'LEAVE', dst: 'bob' });
    expect(await bob.next()).toEqual({ type: 'LEAVE', src: 'alice', dst: 'bob' });
    alice.send({ type: 'LEAVE', dst: 'ghost' });
    alice.send({ type: 'EXPIRE', dst: 'ghost' });
    await alice.roundTrip();
    expect(server.stats().queuedMessages).toBe(0);
    expect(alice.messages).toEqual([]);
  });

  it('unregisters a peer that sends LEAVE without dst', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    alice.send({ type: 'LEAVE' });
    await alice.closed;
    expect(server.stats().peers).toBe(0);
    expect(events).toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'alice', reason: 'leave', peers: 0 }) });
  });

  it('reports a peer whose socket closed', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    alice.socket.close();
    await waitFor(() => server.stats().peers === 0, 2000, 'alice to leave');
    expect(events).toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'alice', reason: 'closed' }) });
  });
});

describe('heartbeat', () => {
  it('keeps peers that send HEARTBEAT and drops those that do not', async () => {
    const server = await startTestServer({ aliveTimeoutMs: 1000 });
    const events = recordEvents(server);
    const silent = await openPeer(server, 'silent');
    const alive = await openPeer(server, 'alive');
    // A heartbeat each time the server has answered the previous one (a ping round trip) and 20 ms have passed:
    // 50 times the alive timeout's margin, and far below the server's message rate limit. `alive` registered
    // after `silent`, so it is always the fresher of the two; the drop of `silent` is the event waited for.
    let beating = true;
    const pump = (async () => {
      while (beating && !alive.isClosed) {
        alive.send({ type: 'HEARTBEAT' });
        await Promise.all([alive.roundTrip(), new Promise((resolve) => setTimeout(resolve, 20))]);
      }
    })();
    try {
      await silent.closed;
      // One more exchange after the drop: the server has had every chance to drop `alive` too.
      expect(await alive.roundTrip()).toBe('pong');
      expect(alive.isClosed).toBe(false);
      expect(server.stats().peers).toBe(1);
    } finally {
      beating = false;
      await pump;
    }
    expect(events).toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'silent', reason: 'timeout' }) });
    expect(events).not.toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'alive' }) });
  });
});
