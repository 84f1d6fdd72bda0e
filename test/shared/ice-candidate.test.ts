import { describe, expect, it } from 'vitest';
import type { GatheredCandidate, IceConnectionReport } from '../../src/protocol.js';
import {
  describeCandidateErrors,
  describeGathered,
  describePair,
  relayOnlyFailure,
  relayProtocolOf,
  summarizeIce,
} from '../../src/shared/ice-candidate.js';

const candidate = (type: GatheredCandidate['type'], protocol: string, atMs: number | null, relayProtocol: GatheredCandidate['relayProtocol'] = null): GatheredCandidate => ({
  type,
  protocol,
  relayProtocol,
  url: null,
  atMs,
});

function report(overrides: Partial<IceConnectionReport> = {}): IceConnectionReport {
  return { connection: 'media', peer: 'receiver', policy: 'all', candidates: [], errors: [], gatheringCompleteMs: null, state: 'new', selectedPair: null, ...overrides };
}

describe('relayProtocolOf', () => {
  it.each([
    [{ type: 'relay', relayProtocol: 'tcp', url: 'turn:x' }, 'tcp'],
    [{ type: 'relay', relayProtocol: 'tls' }, 'tls'],
    // Chromium leaves relayProtocol null for UDP relays (measured): the URL decides.
    [{ type: 'relay', relayProtocol: null, url: 'turn:127.0.0.1:3478?transport=udp' }, 'udp'],
    [{ type: 'relay', relayProtocol: null, url: 'turn:127.0.0.1:3478' }, 'udp'],
    [{ type: 'relay', relayProtocol: null, url: 'turn:127.0.0.1:3478?transport=tcp' }, 'tcp'],
    [{ type: 'relay', relayProtocol: null, url: 'turns:127.0.0.1:5349?transport=tcp' }, 'tls'],
    [{ type: 'relay', relayProtocol: 'sctp', url: 'TURNS:x' }, 'tls'],
    [{ type: 'srflx', relayProtocol: null, url: 'stun:x' }, null],
    [{ type: 'host' }, null],
  ])('%j → %s', (input, expected) => {
    expect(relayProtocolOf(input)).toBe(expected);
  });
});

describe('summarizeIce', () => {
  it('groups by type, protocol and relay protocol in a fixed order, with the first time of each', () => {
    const summary = summarizeIce(
      report({
        candidates: [
          candidate('relay', 'udp', 90, 'tcp'),
          candidate('host', 'udp', 3),
          candidate('srflx', 'udp', 20),
          candidate('host', 'udp', 2),
          candidate('relay', 'udp', 60, 'udp'),
          candidate('host', 'tcp', 4),
          candidate('prflx', 'udp', null),
        ],
        gatheringCompleteMs: 120,
      }),
    );
    expect(summary.groups).toEqual([
      { type: 'host', protocol: 'udp', relayProtocol: null, count: 2, firstMs: 2 },
      { type: 'host', protocol: 'tcp', relayProtocol: null, count: 1, firstMs: 4 },
      { type: 'srflx', protocol: 'udp', relayProtocol: null, count: 1, firstMs: 20 },
      { type: 'prflx', protocol: 'udp', relayProtocol: null, count: 1, firstMs: null },
      { type: 'relay', protocol: 'udp', relayProtocol: 'udp', count: 1, firstMs: 60 },
      { type: 'relay', protocol: 'udp', relayProtocol: 'tcp', count: 1, firstMs: 90 },
    ]);
    expect(summary.firstMs).toEqual({ host: 2, srflx: 20, prflx: null, relay: 60 });
    expect(summary.gatheringCompleteMs).toBe(120);
    expect(describeGathered(summary.groups)).toBe('host/udp ×2, host/tcp ×1, srflx/udp ×1, prflx/udp ×1, relay/udp via udp ×1, relay/udp via tcp ×1');
  });

  it('says none for nothing gathered', () => {
    const summary = summarizeIce(report());
    expect(summary.groups).toEqual([]);
    expect(summary.firstMs).toEqual({ host: null, srflx: null, prflx: null, relay: null });
    expect(describeGathered(summary.groups)).toBe('none');
  });
});

describe('describePair', () => {
  it('shows both ends and the relay protocol', () => {
    expect(
      describePair({
        local: { type: 'relay', protocol: 'udp', address: '127.0.0.1', relayProtocol: 'tcp' },
        remote: { type: 'relay', protocol: 'udp', address: '127.0.0.1', relayProtocol: null },
        currentRoundTripTimeMs: 1,
      }),
    ).toBe('relay/udp via tcp ↔ relay/udp');
    expect(describePair(null)).toBe('none selected');
  });
});

describe('describeCandidateErrors', () => {
  it('says each server and error once', () => {
    const e = (url: string, errorCode: number, errorText: string) => ({ url, errorCode, errorText, atMs: 1 });
    expect(
      describeCandidateErrors([e('turn:a:1?transport=udp', 401, 'Unauthorized.'), e('turn:a:1?transport=udp', 401, 'Unauthorized.'), e('turn:a:1?transport=tcp', 701, 'Failed to establish connection')]),
    ).toBe('turn:a:1?transport=udp: 401 Unauthorized; turn:a:1?transport=tcp: 701 Failed to establish connection');
  });
});

describe('relayOnlyFailure', () => {
  const unauthorized = [{ url: 'turn:127.0.0.1:3478?transport=udp', errorCode: 401, errorText: 'Unauthorized.', atMs: 60 }];
  const turn = ['turn:127.0.0.1:3478?transport=udp'];

  it('is null when the policy allows every candidate, or a relay candidate arrived', () => {
    expect(relayOnlyFailure(report({ gatheringCompleteMs: 100, errors: unauthorized }), 10_000, 5000, turn)).toBeNull();
    expect(relayOnlyFailure(report({ policy: 'relay', gatheringCompleteMs: 100, candidates: [candidate('relay', 'udp', 50, 'udp')] }), 10_000, 5000, turn)).toBeNull();
  });

  it('is null while gathering may still bring a relay candidate', () => {
    expect(relayOnlyFailure(report({ policy: 'relay' }), 4999, 5000, turn)).toBeNull();
  });

  it('names the server, the code and what it means once gathering ends without a relay', () => {
    expect(relayOnlyFailure(report({ policy: 'relay', gatheringCompleteMs: 117, errors: unauthorized }), 117, 5000, turn)).toBe(
      'no TURN relay candidate (relay-only): turn:127.0.0.1:3478?transport=udp: 401 Unauthorized (the TURN server rejected the username or credential)',
    );
  });

  it('names a silent server after the wait (UDP to nothing: Chromium reports no error for ~40 s)', () => {
    expect(relayOnlyFailure(report({ policy: 'relay' }), 5000, 5000, turn)).toBe(
      'no TURN relay candidate within 5 s (relay-only): no answer from turn:127.0.0.1:3478?transport=udp (wrong host or port, or a firewall?)',
    );
  });

  it('says when there is no TURN server at all', () => {
    expect(relayOnlyFailure(report({ policy: 'relay', gatheringCompleteMs: 5 }), 5, 5000, [])).toContain('no TURN server is configured');
  });
});
