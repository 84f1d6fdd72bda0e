import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderTraceJson, renderTraceLine } from '../../src/cli/render/trace-line.js';
import type { TraceEvent } from '../../src/core/trace.js';
import type { SdpSummary, TraceRecord } from '../../src/protocol.js';

const plain = new Chalk({ level: 0 });
const time = (at: number) => `t${at}`;
const event = (record: TraceRecord, agent = 'sender'): TraceEvent => ({ type: 'trace', agent, at: 5, record });
const line = (record: TraceRecord, agent?: string) => renderTraceLine(event(record, agent), { color: plain, time, nameWidth: 8 });

const OFFER_SDP: SdpSummary = {
  type: 'offer',
  media: [
    { kind: 'video', mid: '0', direction: 'sendrecv', codecs: ['VP8', 'rtx', 'VP9', 'red', 'ulpfec'], port: 9 },
    { kind: 'application', mid: '1', direction: null, codecs: ['webrtc-datachannel'], port: 9 },
  ],
  iceUfrag: 'r8pt',
  fingerprint: { algorithm: 'sha-256', short: '83:79:3E…B5:EB' },
  setup: 'actpass',
  candidates: 0,
  chars: 3000,
};
const about = { peer: 'receiver', connectionId: 'dc_1', connectionType: 'data' };

describe('renderTraceLine (no colour)', () => {
  it.each<[string, TraceRecord, string]>([
    ['OPEN', { kind: 'signal', direction: 'received', message: 'OPEN', peer: null, connectionId: null, connectionType: null, detail: null }, 't5 sender   ← OPEN: the server accepted our id'],
    [
      'an OFFER with its SDP and connection',
      {
        kind: 'signal', direction: 'sent', message: 'OFFER', peer: 'receiver', connectionId: 'mc_1', connectionType: 'media',
        detail: { sdp: OFFER_SDP, connection: { serialization: 'binary', reliable: true, label: 'dc_1', metadataChars: 56 } },
      },
      't5 sender   → OFFER to receiver (media mc_1): video sendrecv (VP8 VP9 +rtx,red,ulpfec), application (data channels over SCTP) · ufrag r8pt · fingerprint sha-256 83:79:3E…B5:EB · setup actpass (either DTLS role) · binary, reliable, metadata 56 chars',
    ],
    [
      'an ANSWER taking the client role, one section rejected, candidates inside',
      {
        kind: 'signal', direction: 'received', message: 'ANSWER', peer: 'sender', connectionId: null, connectionType: null,
        detail: { sdp: { ...OFFER_SDP, setup: 'active', candidates: 2, media: [{ kind: 'audio', mid: '0', direction: null, codecs: [], port: 0 }] }, connection: null },
      },
      't5 sender   ← ANSWER from sender: audio rejected · ufrag r8pt · fingerprint sha-256 83:79:3E…B5:EB · setup active (DTLS client) · 2 candidate(s) inside',
    ],
    [
      'a CANDIDATE hidden behind mDNS',
      { kind: 'signal', direction: 'sent', message: 'CANDIDATE', peer: 'receiver', connectionId: 'dc_1', connectionType: 'data', detail: { candidate: { type: 'host', protocol: 'udp', tcpType: null, family: 'mdns', component: 1, mid: '0' } } },
      't5 sender   → CANDIDATE to receiver (data dc_1): host udp mDNS name (address hidden)',
    ],
    [
      'a TCP relay candidate',
      { kind: 'signal', direction: 'received', message: 'CANDIDATE', peer: 'a', connectionId: null, connectionType: null, detail: { candidate: { type: 'relay', protocol: 'tcp', tcpType: 'passive', family: 'ipv6', component: 1, mid: null } } },
      't5 sender   ← CANDIDATE from a: relay tcp passive IPv6',
    ],
    ['an ERROR', { kind: 'signal', direction: 'received', message: 'ERROR', peer: null, connectionId: null, connectionType: null, detail: { text: 'Invalid key provided' } }, 't5 sender   ← ERROR: Invalid key provided'],
    ['a LEAVE', { kind: 'signal', direction: 'received', message: 'LEAVE', peer: 'sender', connectionId: null, connectionType: null, detail: null }, 't5 sender   ← LEAVE from sender'],
    ['an ICE state', { kind: 'state', layer: 'ice', state: 'connected', ...about }, 't5 sender   ICE connection connected (data dc_1 with receiver)'],
    ['a DTLS state', { kind: 'state', layer: 'dtls', state: 'connecting', ...about }, 't5 sender   DTLS connecting (data dc_1 with receiver)'],
    ['the data channel', { kind: 'channel', state: 'open', label: 'dc_1', ...about }, 't5 sender   data channel "dc_1" open (data dc_1 with receiver)'],
    ['a remote track', { kind: 'track', media: 'video', ...about }, 't5 sender   remote video track arrived (data dc_1 with receiver)'],
    [
      'the selected pair',
      { kind: 'selected-pair', local: { type: 'host', protocol: 'udp', tcpType: null, family: 'ipv4', component: 1, mid: '0' }, remote: null, ...about },
      't5 sender   selected candidate pair host udp IPv4 ↔ a candidate rtcdemo could not read (data dc_1 with receiver)',
    ],
    ['dropped lines', { kind: 'dropped', count: 12 }, 't5 sender   12 trace line(s) dropped: the page reports at most 200 a second'],
  ])('%s', (_name, record, expected) => {
    expect(line(record)).toBe(expected);
  });

  it('escapes what the network chose: ids, message types, error text, codec names', () => {
    const hostile = '\u001b]0;pwned\u0007\u202e';
    const shown = [
      line({ kind: 'signal', direction: 'received', message: hostile, peer: hostile, connectionId: hostile, connectionType: hostile, detail: { text: hostile } }, hostile),
      line({ kind: 'signal', direction: 'received', message: 'OFFER', peer: 'x', connectionId: null, connectionType: null, detail: { sdp: { ...OFFER_SDP, media: [{ kind: hostile, mid: null, direction: hostile, codecs: [hostile], port: 9 }], iceUfrag: hostile, setup: hostile }, connection: null } }),
      line({ kind: 'state', layer: 'ice', state: hostile, peer: hostile, connectionId: 'c', connectionType: 'data' }),
    ];
    for (const text of shown) {
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
      expect(text).toContain('\\u001b]0;pwned\\u0007\\u202e');
    }
  });

  it('cuts a long field', () => {
    const text = line({ kind: 'signal', direction: 'received', message: 'ERROR', peer: null, connectionId: null, connectionType: null, detail: { text: 'e'.repeat(5000) } });
    expect(text.length).toBeLessThan(200);
    expect(text).toMatch(/more characters not shown/);
  });

  it('pads the agent name so two pages line up, and colour only adds codes', () => {
    expect(line({ kind: 'dropped', count: 1 }, 'receiver').indexOf('1 trace')).toBe(line({ kind: 'dropped', count: 1 }, 'sender').indexOf('1 trace'));
    const coloured = renderTraceLine(event({ kind: 'state', layer: 'ice', state: 'new', ...about }), { color: new Chalk({ level: 1 }), time, nameWidth: 8 });
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(line({ kind: 'state', layer: 'ice', state: 'new', ...about }));
  });
});

describe('renderTraceJson', () => {
  it('is one line of JSON that reads back to the event', () => {
    const e = event({ kind: 'signal', direction: 'sent', message: 'OFFER', peer: 'r', connectionId: 'dc_1', connectionType: 'data', detail: { sdp: OFFER_SDP, connection: null } });
    const json = renderTraceJson(e);
    expect(json).not.toContain('\n');
    expect(JSON.parse(json)).toEqual(e);
  });

  it('escapes C1 controls and bidi overrides that JSON.stringify leaves raw', () => {
    const e = event({ kind: 'signal', direction: 'received', message: 'ERROR', peer: '\u009b2J', connectionId: null, connectionType: null, detail: { text: '\u202eevil' } });
    const json = renderTraceJson(e);
    expect(json).not.toMatch(/[\u0080-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual(e);
  });
});
