/**
 * Issue 9 part 2, end to end: `call-test --trace` shows both peers' signaling exchange and connection states
 * (real server, real Chromium, real WebRTC), as text and as JSON lines; `receive` and `send` each show their
 * half; and (issue 10 part 4) the call-test report's per-second series.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/trace.js';
import type { CallTestResult } from '../../src/core/call-test/result.js';
import { validateCallTestResult } from '../../src/core/call-test/schema.js';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { runRtcdemo, runRtcdemoToEnd } from './support.js';

const TIME = String.raw`\d\d:\d\d:\d\d\.\d\d\d`;

describe('rtcdemo call-test --trace', () => {
  it("prints both peers' OFFER, ANSWER and CANDIDATE lines, ICE connected and the data channel open, in time order", async () => {
    const run = await runRtcdemoToEnd(['call-test', '--trace', '--duration', '1', '--bulk', '0', '--messages', '5']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => new RegExp(`^${TIME} (receiver|sender) `).test(l));
    const has = (side: string, pattern: string) => lines.some((l) => new RegExp(`^${TIME} ${side} +${pattern}`).test(l));
    // The data connection: the sender offers, the receiver answers, both trickle candidates.
    expect(has('sender', String.raw`→ OFFER to receiver \(data dc_\w+\): application \(data channels over SCTP\) · ufrag \S+ · fingerprint sha-256 [0-9A-F:…]+ · setup actpass`)).toBe(true);
    expect(has('receiver', String.raw`← OFFER from sender \(data dc_\w+\)`)).toBe(true);
    expect(has('receiver', String.raw`→ ANSWER to sender \(data dc_\w+\): .* setup active \(DTLS client\)`)).toBe(true);
    expect(has('sender', String.raw`← ANSWER from receiver`)).toBe(true);
    expect(has('sender', String.raw`→ CANDIDATE to receiver \(data dc_\w+\): host (udp|tcp)`)).toBe(true);
    expect(has('receiver', String.raw`← CANDIDATE from sender`)).toBe(true);
    expect(has('receiver', String.raw`→ CANDIDATE to sender`)).toBe(true);
    // The call: an audio and a video section (camera and microphone), with their codecs.
    expect(has('sender', String.raw`→ OFFER to receiver \(media mc_\w+\): audio sendrecv \(.*opus.*\), video sendrecv \(.*VP8`)).toBe(true);
    // The layers coming up on both sides.
    for (const side of ['receiver', 'sender']) {
      expect(has(side, String.raw`ICE connection connected \(data`)).toBe(true);
      expect(has(side, String.raw`DTLS connected \(data`)).toBe(true);
      expect(has(side, String.raw`SCTP connected \(data`)).toBe(true);
      expect(has(side, String.raw`data channel "dc_\w+" open`)).toBe(true);
      expect(has(side, String.raw`ICE connection connected \(media`)).toBe(true);
      expect(has(side, String.raw`remote video track arrived`)).toBe(true);
      expect(has(side, String.raw`remote audio track arrived`)).toBe(true);
    }
    // Interleaved in time order.
    const times = lines.map((l) => l.slice(0, 12));
    expect(times).toEqual([...times].sort());
    // Each side's OFFER is sent before the other receives it.
    const index = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(index(/sender +→ OFFER to receiver \(data/)).toBeLessThan(index(/receiver +← OFFER from sender \(data/));
    expect(index(/receiver +→ ANSWER to sender \(data/)).toBeLessThan(index(/sender +← ANSWER from receiver \(data/));
  }, 90_000);

  it('--json: the trace is JSON lines on stderr, the report JSON on stdout with a per-second series each way', async () => {
    const run = await runRtcdemoToEnd(['call-test', '--trace', '--json', '--duration', '3', '--bulk', '0', '--messages', '5']);
    expect(run.code, run.stderr).toBe(0);
    const events = run.stderr.trim().split('\n').map((l) => JSON.parse(l) as TraceEvent);
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) {
      expect(event.type).toBe('trace');
      expect(['receiver', 'sender']).toContain(event.agent);
      expect(Number.isInteger(event.at)).toBe(true);
    }
    const signals = events.flatMap((e) => (e.record.kind === 'signal' ? [`${e.agent} ${e.record.direction} ${e.record.message}`] : []));
    for (const expected of ['sender sent OFFER', 'receiver received OFFER', 'receiver sent ANSWER', 'sender received ANSWER', 'sender sent CANDIDATE', 'receiver received CANDIDATE', 'receiver received OPEN', 'sender received OPEN']) {
      expect(signals).toContain(expected);
    }
    const offer = events.find((e) => e.record.kind === 'signal' && e.record.message === 'OFFER' && e.record.connectionType === 'media');
    expect(offer?.record).toMatchObject({ detail: { sdp: { type: 'offer', media: expect.arrayContaining([expect.objectContaining({ kind: 'video' })]) } } });
    expect(events.some((e) => e.record.kind === 'channel' && e.record.state === 'open')).toBe(true);
    const report = JSON.parse(run.stdout) as CallTestResult;
    expect(validateCallTestResult(report)).toEqual([]);
    expect(report.verdict).toBe('pass');
    // Issue 10 part 4: about one entry per second of the 3 s window, each way, with video flowing.
    for (const series of [report.metrics.video.series.toReceiver, report.metrics.video.series.toSender]) {
      expect(series.length).toBeGreaterThanOrEqual(2);
      expect(series.length).toBeLessThanOrEqual(4);
      for (const second of series) {
        expect(second.fps).toBeGreaterThan(0);
        expect(second.bitrateKbps).toBeGreaterThan(0);
        expect(second.packetsLost).toBeGreaterThanOrEqual(0);
      }
      expect(series.map((s) => Math.round(s.t))).toEqual(series.map((_, i) => i + 1));
    }
  }, 90_000);
});

describe('rtcdemo receive --trace and send --trace', () => {
  let server: SignalingServer;
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0, host: 'localhost' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('each side shows its half of the exchange: the sender offers, the receiver answers, both see the channel open', async () => {
    const receive = runRtcdemo(['receive', '--trace', '--id', 'traced', '--count', '1', '--timeout', '30s', '--server', server.url]);
    try {
      await receive.waitFor('stderr', /registered as "traced"/, 30_000);
      const send = await runRtcdemoToEnd(['send', '--trace', '--to', 'traced', '--id', 'tracer', '--server', server.url, 'hi!']);
      expect(send.code, send.stderr).toBe(0);
      expect(send.stderr).toMatch(new RegExp(`^${TIME} sender ← OPEN: the server accepted our id$`, 'm'));
      expect(send.stderr).toMatch(new RegExp(`^${TIME} sender → OFFER to traced \\(data dc_\\w+\\): application`, 'm'));
      expect(send.stderr).toMatch(new RegExp(`^${TIME} sender ← ANSWER from traced`, 'm'));
      expect(send.stderr).toMatch(new RegExp(`^${TIME} sender data channel "dc_\\w+" open \\(data dc_\\w+ with traced\\)$`, 'm'));
      const { code } = await receive.exited;
      expect(code, receive.stderr()).toBe(0);
      expect(receive.stdout()).toBe('tracer: hi!\n');
      expect(receive.stderr()).toMatch(new RegExp(`^${TIME} receiver ← OFFER from tracer \\(data dc_\\w+\\)`, 'm'));
      expect(receive.stderr()).toMatch(new RegExp(`^${TIME} receiver → ANSWER to tracer .* setup active \\(DTLS client\\)$`, 'm'));
      expect(receive.stderr()).toMatch(new RegExp(`^${TIME} receiver ICE connection connected \\(data dc_\\w+ with tracer\\)$`, 'm'));
    } finally {
      receive.child.kill('SIGTERM');
      await receive.exited;
    }
  }, 90_000);
});

describe('--trace against a hostile server', () => {
  it('escapes what the server sends and bounds how much of a flood it prints', async () => {
    // A "PeerJS server" that accepts the peer, then floods it with 1000 frames of terminal escapes.
    const hostile = '\u001b]0;pwned\u0007\u001b[2J\u202e';
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'OPEN' }));
      const frame = JSON.stringify({ type: hostile, src: hostile, payload: { msg: hostile.repeat(1000) } });
      for (let i = 0; i < 1000; i++) socket.send(frame);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const run = await runRtcdemoToEnd(['receive', '--trace', '--timeout', '3s', '--server', `http://127.0.0.1:${port}/`]);
      expect(run.code, run.stderr).toBe(0);
      // eslint-disable-next-line no-control-regex
      expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      const traced = run.stderr.split('\n').filter((l) => l.includes(' receiver ← '));
      expect(traced[0]).toMatch(/← OPEN/);
      expect(traced[1]).toContain('← \\u001b]0;pwned\\u0007');
      // The page passes at most 200 records a second; the rest are counted.
      expect(traced.length).toBeLessThanOrEqual(600);
      expect(run.stderr).toMatch(/\d+ trace line\(s\) dropped: the page reports at most 200 a second/);
      // Each shown field is cut, not printed 6000 characters long.
      expect(Math.max(...traced.map((l) => l.length))).toBeLessThan(1000);
    } finally {
      wss.close();
      server.close();
    }
  }, 60_000);
});
