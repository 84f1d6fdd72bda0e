import { describe, expect, it } from 'vitest';
import { rtcdemoEvent, type RtcdemoEvent } from '../../../src/core/events.js';
import { callProgressLine, callTestProgressLine, receiveProgressLine, sendProgressLine } from '../../../src/cli/render/progress-line.js';

const registered = rtcdemoEvent('peer-registered', { agent: 'caller', id: 'x\u001b[2Jy', openMs: 12.34 });
const second = rtcdemoEvent('media-second', {
  agent: 'caller',
  peer: 'receiver',
  reading: { t: 3, fps: 29.96, width: 640, height: 480, receivedKbps: 812.4, sentKbps: null, packetsLost: 2, jitterMs: 4.25, freezes: 0, rttMs: null, availableOutgoingKbps: 2500.4 },
});

describe('progress lines', () => {
  it('call: registration (id escaped), timings, one line a second, signaling loss', () => {
    expect(callProgressLine(registered, { to: 'receiver' })?.text).toBe('peer open as "x\\u001b[2Jy" in 12.3 ms; calling receiver…');
    const connected = rtcdemoEvent('call-connected', { agent: 'caller', to: 'receiver', getUserMediaMs: 40.2, callToStreamMs: 180.6, callToFirstFrameMs: 250 });
    expect(callProgressLine(connected, { to: 'receiver' })?.text).toBe('camera in 40 ms, remote stream 181 ms after the call, first frame at 250 ms');
    expect(callProgressLine(second, { to: 'receiver' })?.text).toBe('  3 s  30.0 fps  640×480  received 812 kbps  sent – kbps (may send 2500)  lost 2  jitter 4.3 ms  RTT – ms');
    const frozen = rtcdemoEvent('media-second', { ...second, reading: { ...second.reading, freezes: 1 } });
    expect(callProgressLine(frozen, { to: 'receiver' })?.text).toMatch(/RTT – ms {2}1 freeze\(s\)$/);
    const lost = rtcdemoEvent('agent', { agent: 'caller', event: { type: 'peer-disconnected', at: 1, retryInMs: 750, refusals: 0, serverSaid: null } });
    expect(callProgressLine(lost, { to: 'receiver' })?.text).toBe('lost the signaling server; the call continues peer to peer, reconnecting in 0.75 s…');
    const refused = rtcdemoEvent('agent', { agent: 'caller', event: { type: 'peer-disconnected', at: 1, retryInMs: 1500, refusals: 3, serverSaid: 'Server is full' } });
    expect(callProgressLine(refused, { to: 'receiver' })?.text).toBe(
      'the signaling server keeps dropping us right after accepting us (3 times in a row; it said "Server is full"); trying again in 1.5 s',
    );
  });

  it('send shows registration only; receive shows page events but not messages', () => {
    expect(sendProgressLine(registered)?.text).toBe('peer open as "x\\u001b[2Jy" in 12.3 ms');
    expect(sendProgressLine(second)).toBeNull();
    // --trace lines are printed by their own renderer (trace-line.ts), never as progress.
    const trace = rtcdemoEvent('trace', { agent: 'receiver', record: { kind: 'dropped', count: 1 } });
    expect(receiveProgressLine(trace, { serverUrl: '', answerCalls: true })).toBeNull();
    const context = { serverUrl: 'http://localhost:9000/', answerCalls: true };
    expect(receiveProgressLine(registered, context)?.text).toBe(
      'registered as "x\\u001b[2Jy" on http://localhost:9000/ in 12 ms; waiting for messages and calls (Ctrl-C to stop)',
    );
    const incoming = rtcdemoEvent('agent', { agent: 'receiver', event: { type: 'call-incoming', from: 'sender', at: 1 } });
    expect(receiveProgressLine(incoming, context)?.text).toBe('call from sender: answering with the fake camera');
  });

  it('call-test shows phases; every renderer ignores what it does not show', () => {
    const phase = rtcdemoEvent('phase', { phase: 'pages-ready', atMs: 812.5 });
    expect(callTestProgressLine(phase)?.text).toBe('  813 ms  pages-ready');
    expect(callTestProgressLine(rtcdemoEvent('network-lab', { step: 'lab-ready', ms: 31.4, detail: 'servers at 198.18.7.1' }))?.text).toBe('network lab: lab-ready in 31 ms (servers at 198.18.7.1)');
    expect(callTestProgressLine(rtcdemoEvent('network-lab', { step: 'lab-removed', ms: 12, detail: null }))?.text).toBe('network lab: lab-removed in 12 ms');
    const unknown = { type: 'some-future-event', at: 1 } as unknown as RtcdemoEvent;
    for (const render of [(e: RtcdemoEvent) => callProgressLine(e, { to: 'r' }), sendProgressLine, callTestProgressLine, (e: RtcdemoEvent) => receiveProgressLine(e, { serverUrl: '', answerCalls: false })]) {
      expect(render(unknown)).toBeNull();
    }
  });
});
