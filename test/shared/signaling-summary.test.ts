import { describe, expect, it } from 'vitest';
import { summarizeSignal } from '../../src/shared/signaling-summary.js';

const SDP = 'v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=ice-ufrag:Ed1r\r\na=setup:actpass\r\na=mid:0\r\n';

describe('summarizeSignal', () => {
  it('an OFFER PeerJS sends for a data connection: the SDP and the connection it opens', () => {
    const message = {
      type: 'OFFER',
      dst: 'receiver',
      payload: {
        sdp: { type: 'offer', sdp: SDP },
        type: 'data',
        connectionId: 'dc_3yi67thsb7p',
        label: 'dc_3yi67thsb7p',
        serialization: 'binary',
        reliable: true,
        metadata: { rtcdemo: { version: 1, purpose: 'check' } },
      },
    };
    expect(summarizeSignal('sent', message)).toEqual({
      kind: 'signal',
      direction: 'sent',
      message: 'OFFER',
      peer: 'receiver',
      connectionId: 'dc_3yi67thsb7p',
      connectionType: 'data',
      detail: {
        sdp: { type: 'offer', media: [{ kind: 'application', mid: '0', direction: null, codecs: ['webrtc-datachannel'], port: 9 }], iceUfrag: 'Ed1r', fingerprint: null, setup: 'actpass', candidates: 0, chars: SDP.length },
        connection: { serialization: 'binary', reliable: true, label: 'dc_3yi67thsb7p', metadataChars: JSON.stringify(message.payload.metadata).length },
      },
    });
  });

  it('an ANSWER received: the peer is the source, no connection summary', () => {
    const record = summarizeSignal('received', { type: 'ANSWER', src: 'sender', payload: { sdp: { type: 'answer', sdp: SDP }, type: 'media', connectionId: 'mc_1' } });
    expect(record).toMatchObject({ direction: 'received', message: 'ANSWER', peer: 'sender', connectionType: 'media', detail: { connection: null } });
  });

  it('a CANDIDATE, sent as an RTCIceCandidate-like object or received as JSON', () => {
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0, toJSON: () => ({}) };
    expect(summarizeSignal('sent', { type: 'CANDIDATE', dst: 'b', payload: { candidate, type: 'data', connectionId: 'dc_1' } }).detail).toEqual({
      candidate: { type: 'host', protocol: 'udp', tcpType: null, family: 'ipv4', component: 1, mid: '0' },
    });
    expect(summarizeSignal('received', { type: 'CANDIDATE', src: 'a', payload: { candidate: { candidate: 'garbage' }, connectionId: 'dc_1' } }).detail).toEqual({ candidate: null });
  });

  it.each<[string, unknown, object]>([
    ['OPEN from the server', { type: 'OPEN' }, { message: 'OPEN', peer: null, detail: null }],
    ['ERROR with its text', { type: 'ERROR', payload: { msg: 'Invalid key provided' } }, { message: 'ERROR', detail: { text: 'Invalid key provided' } }],
    ['LEAVE names who left', { type: 'LEAVE', src: 'sender' }, { message: 'LEAVE', peer: 'sender', detail: null }],
    ['EXPIRE names who could not be reached', { type: 'EXPIRE', src: 'nobody' }, { message: 'EXPIRE', peer: 'nobody' }],
    ['an OFFER without an SDP', { type: 'OFFER', src: 'x', payload: { type: 'data' } }, { detail: { text: 'no SDP in the message' } }],
    ['a message that is not an object', 'HELLO', { message: '(no type)', peer: null, connectionId: null, detail: null }],
    ['null', null, { message: '(no type)' }],
    ['fields of the wrong type', { type: 7, src: {}, payload: [] }, { message: '(no type)', peer: null, detail: null }],
  ])('%s', (_name, message, expected) => {
    expect(summarizeSignal('received', message)).toMatchObject(expected);
  });

  it('bounds the strings it keeps', () => {
    const record = summarizeSignal('received', { type: 'X'.repeat(1000), src: 'p'.repeat(10_000), payload: { msg: 'm'.repeat(100_000), connectionId: 'c'.repeat(10_000) } });
    expect(record.message).toHaveLength(32);
    expect(record.peer).toHaveLength(128);
    expect(record.connectionId).toHaveLength(128);
    expect(record.detail).toEqual({ text: 'm'.repeat(300) });
  });

  it('survives metadata JSON cannot write (a BigInt from the sending page)', () => {
    const record = summarizeSignal('sent', { type: 'OFFER', dst: 'r', payload: { sdp: { type: 'offer', sdp: SDP }, type: 'data', metadata: { n: 1n } } });
    expect(record.detail).toMatchObject({ connection: { metadataChars: 0 } });
  });
});
