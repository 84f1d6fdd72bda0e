/** One bad client never takes the server down: malformed frames, oversize frames, floods and full queues. */
import { describe, expect, it } from 'vitest';
import { connect as tcpConnect } from 'node:net';
import { once } from 'node:events';
import { openPeer, recordEvents, startTestServer, waitFor, OFFER_PAYLOAD } from './helpers.js';
import type { SignalingServer } from '../../src/server/signaling-server.js';

/** Two fresh peers can still set up a connection through the server. */
async function expectRelayStillWorks(server: SignalingServer, suffix: string): Promise<void> {
  const a = await openPeer(server, `good-a-${suffix}`);
  const b = await openPeer(server, `good-b-${suffix}`);
  a.send({ type: 'OFFER', dst: b.socket.url.match(/id=([^&]+)/)?.[1], payload: OFFER_PAYLOAD });
  expect(await b.nextOfType('OFFER')).toMatchObject({ src: `good-a-${suffix}`, payload: OFFER_PAYLOAD });
}

describe('malformed frames', () => {
  it.each([
    ['not JSON', '{not json', 'not JSON'],
    ['a JSON number', '42', 'not a JSON object'],
    ['JSON null', 'null', 'not a JSON object'],
    ['a JSON array', '[{"type":"OFFER"}]', 'not a JSON object'],
    ['a JSON string', '"HEARTBEAT"', 'not a JSON object'],
    ['no type', '{"dst":"bob"}', 'missing string "type"'],
    ['a numeric type', '{"type":1,"dst":"bob"}', 'missing string "type"'],
    ['an unknown type', '{"type":"HELLO"}', 'unknown type "HELLO"'],
    ['a server-only type', '{"type":"OPEN"}', 'unknown type "OPEN"'],
    ['OFFER without dst', '{"type":"OFFER","payload":{}}', 'OFFER needs a "dst"'],
    ['OFFER with a numeric dst', '{"type":"OFFER","dst":5,"payload":{}}', '"dst" must be a string'],
    ['OFFER without payload', '{"type":"OFFER","dst":"bob"}', 'OFFER needs an object "payload"'],
    ['CANDIDATE with a string payload', '{"type":"CANDIDATE","dst":"bob","payload":"x"}', 'CANDIDATE needs an object "payload"'],
  ])('%s: that client gets ERROR and is closed; others still relay', async (_what, frame, why) => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const bob = await openPeer(server, 'bob');
    const bad = await openPeer(server, 'bad');
    bad.send(frame);
    expect(await bad.next()).toEqual({ type: 'ERROR', payload: { msg: `Invalid message: ${why}` } });
    expect((await bad.closed).code).toBe(1008);
    expect(bob.messages).toEqual([]);
    expect(server.stats().rejected).toEqual({ 'malformed-message': 1 });
    expect(events).toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'bad', reason: 'rejected' }) });
    await expectRelayStillWorks(server, 'x');
  });

  it('closes a client that sends a binary frame with 1003', async () => {
    const server = await startTestServer();
    const bad = await openPeer(server, 'bad');
    bad.socket.send(Buffer.from([0x7b, 0x00, 0xff]));
    expect(await bad.next()).toMatchObject({ type: 'ERROR', payload: { msg: expect.stringContaining('binary frames') } });
    expect((await bad.closed).code).toBe(1003);
    expect(server.stats().rejected).toEqual({ 'binary-frame': 1 });
    await expectRelayStillWorks(server, 'x');
  });

  it('closes a client that sends invalid UTF-8 in a text frame (ws answers 1007)', async () => {
    const server = await startTestServer();
    const bad = await openPeer(server, 'bad');
    bad.socket.send(Buffer.from([0x22, 0xc3, 0x28, 0x22]), { binary: false });
    expect((await bad.closed).code).toBe(1007);
    expect(server.stats().rejected).toEqual({ 'protocol-violation': 1 });
    await expectRelayStillWorks(server, 'x');
  });
});

describe('bounds', () => {
  it('tells a client whose frame exceeds maxPayload why (ERROR), closes it with 1009, and nobody else', async () => {
    const server = await startTestServer({ limits: { maxPayloadBytes: 1024 } });
    const events = recordEvents(server);
    const bystander = await openPeer(server, 'bystander');
    const bad = await openPeer(server, 'bad');
    bad.send({ type: 'OFFER', dst: 'bystander', payload: { sdp: 'x'.repeat(2000) } });
    expect((await bad.closed).code).toBe(1009);
    const why = 'Message too large: the limit is 1024 bytes per message (rtcdemo serve --max-payload)';
    expect(bad.messages).toEqual([{ type: 'ERROR', payload: { msg: why } }]);
    expect(events).toContainEqual({ name: 'client-rejected', event: expect.objectContaining({ id: 'bad', reason: 'payload-too-large', message: why }) });
    expect(bystander.messages).toEqual([]);
    expect(server.stats().rejected).toEqual({ 'payload-too-large': 1 });
    expect(events).toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'bad', reason: 'rejected' }) });
    // A frame just under the limit still passes.
    const ok = await openPeer(server, 'ok');
    ok.send({ type: 'OFFER', dst: 'bystander', payload: { sdp: 'x'.repeat(900) } });
    expect(await bystander.nextOfType('OFFER')).toMatchObject({ src: 'ok' });
  });

  it('caps the queue per absent peer, and tells the sender once with EXPIRE', async () => {
    const server = await startTestServer({ limits: { maxQueuedPerPeer: 3 }, expireTimeoutMs: 60_000 });
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    for (let i = 0; i < 6; i++) alice.send({ type: 'CANDIDATE', dst: 'ghost', payload: { candidate: `c${i}` } });
    expect(await alice.next()).toEqual({ type: 'EXPIRE', src: 'ghost', dst: 'alice' });
    await alice.roundTrip();
    expect(alice.messages).toEqual([]);
    expect(server.stats().queuedMessages).toBe(3);
    expect(events.filter((e) => e.name === 'message-dropped')).toHaveLength(3);
    expect(server.stats().errors).toEqual({ 'queue-full': 3 });
  });

  it('caps queued messages and bytes across all absent peers', async () => {
    const byCount = await startTestServer({ limits: { maxQueuedTotal: 4 }, expireTimeoutMs: 60_000 });
    const alice = await openPeer(byCount, 'alice');
    for (let i = 0; i < 10; i++) alice.send({ type: 'OFFER', dst: `ghost${i}`, payload: OFFER_PAYLOAD });
    await alice.roundTrip();
    expect(byCount.stats().queuedMessages).toBe(4);
    expect(alice.messages.filter((m) => m.type === 'EXPIRE')).toHaveLength(6);

    const byBytes = await startTestServer({ limits: { maxQueuedBytes: 1000 }, expireTimeoutMs: 60_000 });
    const bob = await openPeer(byBytes, 'bob');
    for (let i = 0; i < 10; i++) bob.send({ type: 'OFFER', dst: `ghost${i}`, payload: { sdp: 'x'.repeat(300) } });
    await bob.roundTrip();
    expect(byBytes.stats().queuedMessages).toBe(2);
    expect(byBytes.stats().queuedBytes).toBeLessThanOrEqual(1000);
  });

  it('disconnects a client over the message rate with ERROR, and not the others', async () => {
    const server = await startTestServer({ limits: { maxMessagesPerSecond: 10, maxBurst: 10 } });
    const calm = await openPeer(server, 'calm');
    const flood = await openPeer(server, 'flood');
    for (let i = 0; i < 50; i++) flood.send({ type: 'HEARTBEAT' });
    expect(await flood.next()).toMatchObject({ type: 'ERROR', payload: { msg: expect.stringContaining('Too many messages') } });
    expect((await flood.closed).code).toBe(1008);
    expect(server.stats().rejected).toEqual({ 'rate-limited': 1 });
    calm.send({ type: 'HEARTBEAT' });
    expect(await calm.roundTrip()).toBe('pong');
    expect(server.stats().peers).toBe(1);
  });

  it('a client that ignores our close frame is cut after the grace period', async () => {
    const server = await startTestServer();
    const bad = await openPeer(server, 'bad');
    // Stop reading: the server's close frame is never answered.
    (bad.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    bad.send('{not json');
    await waitFor(() => server.stats().connections === 0, 3000, 'the server to drop the socket');
  });
});

describe('other failures', () => {
  it('disconnects a peer that stops reading once its send buffer passes the bound', async () => {
    const server = await startTestServer({ limits: { maxBufferedBytesPerPeer: 256 * 1024 } });
    const events = recordEvents(server);
    const stalled = await openPeer(server, 'stalled');
    (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const sender = await openPeer(server, 'sender');
    const big = { ...OFFER_PAYLOAD, sdp: { type: 'offer', sdp: 'x'.repeat(60_000) } };
    // Kernel buffers on loopback hold a few MB; keep sending until the server gives up on the stalled peer.
    for (let i = 0; i < 300 && server.stats().peers === 2; i++) {
      sender.send({ type: 'OFFER', dst: 'stalled', payload: big });
      await sender.roundTrip();
    }
    expect(server.stats().rejected).toEqual({ 'slow-consumer': 1 });
    expect(events).toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'stalled', reason: 'rejected' }) });
    // The sender is told the other side is gone, as the stock server does for a dead peer.
    expect(await sender.nextOfType('LEAVE')).toEqual({ type: 'LEAVE', src: 'stalled', dst: 'sender' });
    await expectRelayStillWorks(server, 'x');
  });

  it('reports a peer whose connection is reset, then that it left', async () => {
    const server = await startTestServer();
    const events = recordEvents(server);
    const alice = await openPeer(server, 'alice');
    (alice.socket as unknown as { _socket: { resetAndDestroy(): void } })._socket.resetAndDestroy();
    await waitFor(() => server.stats().peers === 0, 3000, 'alice to leave');
    expect(events).toContainEqual({ name: 'socket-error', event: expect.objectContaining({ id: 'alice', remoteAddress: '127.0.0.1', code: 'ECONNRESET' }) });
    expect(events).toContainEqual({ name: 'peer-left', event: expect.objectContaining({ id: 'alice', reason: 'closed' }) });
    expect(server.stats().errors).toEqual({ socket: 1 });
  });

  it('answers garbage HTTP with 400 and keeps serving', async () => {
    const server = await startTestServer();
    const socket = tcpConnect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('NOT HTTP AT ALL\r\n\r\n');
    const [reply] = (await once(socket, 'data')) as [Buffer];
    expect(String(reply)).toMatch(/^HTTP\/1\.1 400 /);
    socket.destroy();
    expect(server.stats().errors).toEqual({ 'http-client': 1 });
    expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);
  });

  it('survives event listeners that throw, counting and reporting them', async () => {
    const server = await startTestServer();
    const reported: string[] = [];
    server.events.on('relay', () => { throw new Error('listener bug'); });
    server.events.on('peer-registered', () => { throw new Error('listener bug'); });
    server.events.on('server-error', (e) => reported.push(e.message));
    const a = await openPeer(server, 'a');
    const b = await openPeer(server, 'b');
    a.send({ type: 'OFFER', dst: 'b', payload: OFFER_PAYLOAD });
    expect(await b.nextOfType('OFFER')).toMatchObject({ src: 'a' });
    expect(server.stats().errors).toEqual({ listener: 3 });
    expect(reported).toEqual([
      "a 'peer-registered' event listener threw: listener bug",
      "a 'peer-registered' event listener threw: listener bug",
      "a 'relay' event listener threw: listener bug",
    ]);
  });
});
