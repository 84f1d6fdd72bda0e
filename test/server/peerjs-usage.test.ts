/**
 * Legitimate PeerJS usage that the stock server serves must pass our limits at their defaults, spoken the way
 * the PeerJS client speaks (raw `ws`; test/e2e/peerjs-usage.test.ts does the same with real pages in Chromium).
 */
import { describe, expect, it } from 'vitest';
import { openPeer, startTestServer, OFFER_PAYLOAD } from './helpers.js';

describe('legitimate PeerJS usage at the default limits', () => {
  it('delivers an OFFER carrying 100 KB of connect() metadata', async () => {
    const server = await startTestServer();
    const alice = await openPeer(server, 'alice');
    const bob = await openPeer(server, 'bob');
    const metadata = 'm'.repeat(100_000);
    alice.send({ type: 'OFFER', dst: 'bob', payload: { ...OFFER_PAYLOAD, metadata } });
    const offer = await bob.nextOfType('OFFER');
    expect((offer.payload as { metadata: string }).metadata).toBe(metadata);
    expect(server.stats().rejected).toEqual({});
  });

  it('relays the frames of 100 data connections opened at once (an OFFER and 5 CANDIDATEs each, as measured)', async () => {
    const server = await startTestServer();
    const page = await openPeer(server, 'page');
    const receiver = await openPeer(server, 'receiver');
    const candidate = { candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 }, type: 'data', connectionId: 'dc_x' };
    for (let i = 0; i < 100; i++) {
      page.send({ type: 'OFFER', dst: 'receiver', payload: { ...OFFER_PAYLOAD, connectionId: `dc_${i}` } });
      for (let c = 0; c < 5; c++) page.send({ type: 'CANDIDATE', dst: 'receiver', payload: { ...candidate, connectionId: `dc_${i}` } });
    }
    expect(await page.roundTrip()).toBe('pong');
    await receiver.next((m) => m.type === 'CANDIDATE' && (m.payload as { connectionId: string }).connectionId === 'dc_99');
    expect(server.stats().relayed).toMatchObject({ OFFER: 100, CANDIDATE: 500 });
    expect(server.stats().rejected).toEqual({});
  });

  it('registers and relays between ids longer than 128 characters, as the stock server does', async () => {
    const server = await startTestServer();
    const longId = `${'a'.repeat(500)}-${'b'.repeat(500)}`;
    const long = await openPeer(server, longId, { token: 'tl' });
    const other = await openPeer(server, 'other');
    other.send({ type: 'OFFER', dst: longId, payload: OFFER_PAYLOAD });
    expect(await long.nextOfType('OFFER')).toMatchObject({ src: 'other', dst: longId });
  });
});
