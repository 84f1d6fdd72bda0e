import { describe, expect, it } from 'vitest';
import { peerErrorKind } from '../../src/shared/peer-error-kind.js';
import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs } from '../../src/shared/reconnect-backoff.js';

describe('peerErrorKind', () => {
  it.each([
    // What PeerJS 1.5.5 emits for the ERROR both the stock peer 1.0.2 server and ours send for a wrong key.
    ['server-error', 'Invalid key provided', 'invalid-key'],
    ['server-error', 'invalid KEY provided', 'invalid-key'],
    ['invalid-key', 'API KEY "x" is invalid', 'invalid-key'],
    ['server-error', 'Too many messages: the limit is 200/s', 'server-error'],
    ['server-error', 'Invalid token provided', 'server-error'],
    ['peer-unavailable', 'Could not connect to peer bob', 'peer-unavailable'],
    ['unavailable-id', 'ID "receiver" is taken', 'unavailable-id'],
    ['socket-error', '', 'socket-error'],
    ['webrtc', '', 'webrtc'],
    // Types rtcdemo does not know (disconnected, browser-incompatible…) are server-side trouble by default.
    ['disconnected', 'Cannot connect to new Peer after disconnecting from server.', 'server-error'],
    [undefined, 'plain Error', 'server-error'],
  ] as const)('%s %j → %s', (type, message, kind) => {
    expect(peerErrorKind(type, message)).toBe(kind);
  });
});

describe('reconnectDelayMs', () => {
  it('grows from 0.25 s to 8 s and stays there (attempts at 0.25, 1, 2.5, 5.5, 11.5 s, then every 8 s)', () => {
    const delays = Array.from({ length: 8 }, (_, attempt) => reconnectDelayMs(attempt));
    expect(delays).toEqual([250, 750, 1500, 3000, 6000, 8000, 8000, 8000]);
    const attemptTimes = delays.slice(0, 5).map((_, i) => delays.slice(0, i + 1).reduce((a, b) => a + b, 0) / 1000);
    expect(attemptTimes).toEqual([0.25, 1, 2.5, 5.5, 11.5]);
    expect(reconnectDelayMs(1000)).toBe(MAX_RECONNECT_DELAY_MS);
  });
});
