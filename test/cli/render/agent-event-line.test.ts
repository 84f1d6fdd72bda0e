import { describe, expect, it } from 'vitest';
import { describeAgentEvent } from '../../../src/cli/render/agent-event-line.js';
import type { AgentEvent } from '../../../src/protocol.js';

const at = 1_700_000_000_000;

describe('describeAgentEvent', () => {
  it.each<[AgentEvent, { text: string; verbose?: boolean } | null]>([
    [{ type: 'peer-open', id: 'receiver', at }, null],
    [{ type: 'message', from: 'bob', message: { kind: 'string', text: 'hi', value: 'hi', bytes: 2 }, at }, null],
    [
      { type: 'peer-disconnected', at, retryInMs: 250, refusals: 0, serverSaid: null },
      { text: 'lost the signaling server; existing connections continue peer-to-peer, reconnecting in 0.25 s…' },
    ],
    [{ type: 'peer-disconnected', at, retryInMs: null, refusals: 0, serverSaid: null }, { text: 'lost the signaling server; existing connections continue peer-to-peer' }],
    [
      { type: 'peer-disconnected', at, retryInMs: 3000, refusals: 3, serverSaid: 'Too busy\u001b[2J' },
      { text: 'the signaling server keeps dropping us right after accepting us (3 times in a row; it said "Too busy\\u001b[2J"); trying again in 3 s' },
    ],
    [{ type: 'peer-reconnected', at }, { text: 'reconnected to the signaling server' }],
    [{ type: 'peer-error', errorType: 'network', message: 'Lost connection to server.', at }, { text: 'peer error (network): Lost connection to server.' }],
    [{ type: 'connection-open', peer: 'bob', rtcdemo: true, serialization: 'binary', at }, { text: 'data connection from bob open (binary, rtcdemo sender: acknowledging)' }],
    [{ type: 'connection-open', peer: 'page', rtcdemo: false, serialization: 'json', at }, { text: 'data connection from page open (json)' }],
    [{ type: 'connection-close', peer: 'bob', signal: 'connection-close', at }, { text: 'data connection with bob closed (hung up: PeerJS close)' }],
    [{ type: 'connection-close', peer: 'bob', signal: 'ice-failed', at }, { text: 'data connection with bob closed (lost without a hang-up (crash or network): ICE failed)' }],
    [{ type: 'call-incoming', from: 'carol', at }, { text: 'call from carol: answering with the fake camera' }],
    [{ type: 'call-stream', peer: 'carol', at }, { text: 'remote stream from carol arrived' }],
    [{ type: 'call-first-frame', peer: 'carol', at }, { text: 'first video frame from carol decoded' }],
    [{ type: 'call-close', peer: 'carol', signal: 'frames-stopped', at }, { text: 'call with carol ended (lost without a hang-up: video frames stopped)' }],
    [{ type: 'call-close', peer: 'carol', signal: 'peer-connection-closed', at }, { text: 'call with carol ended (hung up: RTCPeerConnection closed)' }],
    [{ type: 'ice-state', peer: 'bob', media: true, state: 'connected', at }, { text: 'ICE media with bob: connected', verbose: true }],
    [{ type: 'ice-state', peer: 'bob', media: false, state: 'checking', at }, { text: 'ICE data with bob: checking', verbose: true }],
    [{ type: 'log', level: 'info', text: 'camera warm', at }, { text: 'camera warm', verbose: true }],
    [{ type: 'log', level: 'warn', text: 'slow', at }, { text: 'slow', verbose: false }],
    [{ type: 'log', level: 'error', text: 'broken', at }, { text: 'broken', verbose: false }],
  ])('%j', (event, expected) => {
    expect(describeAgentEvent(event)).toEqual(expected);
  });

  it('names every departure signal in words', () => {
    const signals = ['connection-close', 'ice-disconnected', 'ice-failed', 'ice-closed', 'peer-connection-closed', 'frames-stopped'] as const;
    for (const signal of signals) {
      const line = describeAgentEvent({ type: 'call-close', peer: 'p', signal, at });
      expect(line?.text).toMatch(/^call with p ended \(.+\)$/);
      expect(line?.text).not.toContain(`(${signal})`);
    }
  });

  // Every string in an agent event came from a server or a peer.
  const EVIL = 'x\u001b[2J\u009b\u202ey';
  const SHOWN = 'x\\u001b[2J\\u009b\\u202ey';
  it.each<AgentEvent>([
    { type: 'peer-error', errorType: EVIL, message: EVIL, at },
    { type: 'connection-open', peer: EVIL, rtcdemo: false, serialization: EVIL, at },
    { type: 'connection-close', peer: EVIL, signal: 'connection-close', at },
    { type: 'message-refused', from: EVIL, bytes: 17_000_000, limit: 16_777_216, at },
    { type: 'call-incoming', from: EVIL, at },
    { type: 'call-stream', peer: EVIL, at },
    { type: 'call-first-frame', peer: EVIL, at },
    { type: 'call-close', peer: EVIL, signal: 'ice-failed', at },
    { type: 'ice-state', peer: EVIL, media: true, state: EVIL, at },
    { type: 'log', level: 'warn', text: EVIL, at },
  ])('escapes what the network sent in %j', (event) => {
    const line = describeAgentEvent(event);
    // eslint-disable-next-line no-control-regex
    expect(line?.text).not.toMatch(/[\u001b\u009b\u202e]/);
    expect(line?.text).toContain(SHOWN);
  });

  it('says why a message was refused and what was done', () => {
    expect(describeAgentEvent({ type: 'message-refused', from: 'big', bytes: 16_793_600, limit: 16_777_216, at })?.text).toBe(
      'refused a message from big: 16793600 bytes of it had arrived, over the 16777216-byte bound (4 × --max-message-bytes, at least 16 MiB); closed the connection',
    );
  });
});
