/** Parsing what clients send: the table of accepted and refused frames, and the connect parameters. */
import { describe, expect, it } from 'vitest';
import { connectionTypeOf, parseClientMessage, parseConnectParams, serializeRelayed } from '../../src/server/peerjs-protocol.js';

describe('parseClientMessage', () => {
  it.each([
    ['{"type":"HEARTBEAT"}', { kind: 'heartbeat' }],
    ['{"type":"HEARTBEAT","dst":5}', { kind: 'heartbeat' }],
    ['{"type":"LEAVE"}', { kind: 'leave-server' }],
    ['{"type":"LEAVE","dst":null}', { kind: 'leave-server' }],
    ['{"type":"LEAVE","dst":"b"}', { kind: 'relay', type: 'LEAVE', dst: 'b', payload: undefined }],
    ['{"type":"EXPIRE","dst":"b","payload":3}', { kind: 'relay', type: 'EXPIRE', dst: 'b', payload: 3 }],
    ['{"type":"OFFER","dst":"b","payload":{"type":"media"}}', { kind: 'relay', type: 'OFFER', dst: 'b', payload: { type: 'media' } }],
    ['{"type":"CANDIDATE","dst":"not valid!","payload":{}}', { kind: 'relay', type: 'CANDIDATE', dst: 'not valid!', payload: {} }],
  ])('accepts %s', (frame, message) => {
    expect(parseClientMessage(frame)).toEqual({ ok: true, message });
  });

  it.each([
    ['', 'not JSON'],
    ['{"type":"OFFER"', 'not JSON'],
    ['true', 'not a JSON object'],
    ['[]', 'not a JSON object'],
    ['{}', 'missing string "type"'],
    ['{"type":["OFFER"]}', 'missing string "type"'],
    ['{"type":"heartbeat"}', 'unknown type "heartbeat"'],
    [`{"type":"${'X'.repeat(100)}"}`, `unknown type "${'X'.repeat(32)}…"`],
    ['{"type":"ANSWER","payload":{}}', 'ANSWER needs a "dst"'],
    ['{"type":"OFFER","dst":{},"payload":{}}', '"dst" must be a string'],
    ['{"type":"ANSWER","dst":"b","payload":[]}', 'ANSWER needs an object "payload"'],
    ['{"type":"OFFER","dst":"b","payload":null}', 'OFFER needs an object "payload"'],
  ])('refuses %s: %s', (frame, error) => {
    expect(parseClientMessage(frame)).toEqual({ ok: false, error });
  });
});

describe('parseConnectParams', () => {
  it('accepts what the PeerJS client sends', () => {
    expect(parseConnectParams('key=peerjs&id=alice&token=abc123&version=1.5.5', 'peerjs')).toEqual({ ok: true, id: 'alice', token: 'abc123' });
    expect(parseConnectParams('key=peerjs&id=my%20peer&token=t', 'peerjs')).toEqual({ ok: true, id: 'my peer', token: 't' });
  });

  it.each([
    ['id=a&token=t', 'invalid-parameters'],
    ['key=peerjs&id=&token=t', 'invalid-parameters'],
    ['key=other&id=a&token=t', 'invalid-key'],
    ['key=peerjs&id=-a&token=t', 'invalid-id'],
    ['key=peerjs&id=a%1Bb&token=t', 'invalid-id'],
    [`key=peerjs&id=a&token=${'t'.repeat(129)}`, 'invalid-token'],
  ])('refuses %s as %s', (query, reason) => {
    expect(parseConnectParams(query, 'peerjs')).toMatchObject({ ok: false, reason });
  });
});

describe('helpers', () => {
  it('serializes exactly type, src, dst and payload, omitting an absent payload as the stock server does', () => {
    expect(serializeRelayed('EXPIRE', 'ghost', 'alice', undefined)).toBe('{"type":"EXPIRE","src":"ghost","dst":"alice"}');
    expect(JSON.parse(serializeRelayed('OFFER', 'a', 'b', { type: 'data' }))).toEqual({ type: 'OFFER', src: 'a', dst: 'b', payload: { type: 'data' } });
  });

  it('reads the connection type from a payload', () => {
    expect([connectionTypeOf({ type: 'data' }), connectionTypeOf({ type: 'media' }), connectionTypeOf({ type: 'x' }), connectionTypeOf('data'), connectionTypeOf(null)]).toEqual(['data', 'media', null, null, null]);
  });
});
