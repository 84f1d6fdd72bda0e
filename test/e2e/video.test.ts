/**
 * Issue 4, end to end: `rtcdemo call` against the tutorial's receiver page, and `rtcdemo call-test`'s
 * verdict, JSON and exit codes, with real Chromium and real WebRTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateCallTestResult } from '../../src/core/call-test/schema.js';
import type { CallTestResult } from '../../src/core/call-test/result.js';
import { framesDecoded, openTutorialPage, runRtcdemo, runRtcdemoToEnd, waitUntil, useDemoServerAndBrowser } from './support.js';

declare const peer: { open: boolean } | undefined;

describe('rtcdemo call', () => {
  const rig = useDemoServerAndBrowser();

  it("calls the tutorial's receiver page, and both sides decode video", async () => {
    const receiver = await openTutorialPage(rig.browser.browser, `${rig.server.url}receiver`);
    try {
      await waitUntil(() => receiver.page.evaluate(() => typeof peer !== 'undefined' && peer.open), 10_000, 'the receiver page to register');
      const call = runRtcdemo(['call', '--to', 'receiver', '--duration', '2s', '--json', '--server', rig.server.url]);
      // The tutorial's receiver decodes the caller's fake camera too (read while the call is up).
      const receiverFrames = await waitUntil(async () => (await framesDecoded(receiver.page)) || null, 15_000, 'frames decoded by the receiver page');
      expect(receiverFrames).toBeGreaterThan(0);
      const { code } = await call.exited;
      const run = { code, stdout: call.stdout(), stderr: call.stderr() };
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { received: { framesDecoded: number; fps: number; width: number }; receivedAudio: unknown; callToStreamMs: number; ended: string };
      // The tutorial's receiver answers with its camera only: no audio, and the report says so with null.
      expect(report.receivedAudio).toBeNull();
      expect(report.received.framesDecoded).toBeGreaterThan(0);
      expect(report.received.width).toBeGreaterThan(0);
      expect(report.callToStreamMs).toBeGreaterThan(0);
      expect(report.ended).toBe('duration');
      // Once a second, the live line on stderr.
      expect(run.stderr).toMatch(/\d+(\.\d)? fps\s+\d+×\d+\s+received \d+ kbps/);
    } finally {
      await receiver.page.close();
    }
  }, 60_000);

  it('says which peer is missing, with exit code 3', async () => {
    const run = await runRtcdemoToEnd(['call', '--to', 'nobody-here', '--duration', '1', '--server', rig.server.url]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^rtcdemo: peer "nobody-here" is not connected to http:\/\/localhost:\d+\//);
  }, 60_000);
});

describe('rtcdemo call-test', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rtcdemo-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes with the default criteria, and its JSON matches the schema', async () => {
    const junit = path.join(dir, 'report.xml');
    const run = await runRtcdemoToEnd(['call-test', '--duration', '1', '--json', '--junit', junit]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout) as CallTestResult;
    expect(validateCallTestResult(result)).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.checks.map((c) => [c.name, c.status])).toEqual([
      ['signaling', 'pass'],
      ['data', 'pass'],
      ['video', 'pass'],
      ['hangup', 'pass'],
    ]);
    expect(result.metrics.data.delivered).toBe(100);
    expect(result.metrics.video.toReceiver.framesDecoded).toBeGreaterThan(0);
    expect(result.metrics.video.toSender.framesDecoded).toBeGreaterThan(0);
    expect(result.metrics.video.candidatePair?.local.type).toBeTruthy();
    // Both fake microphones, both ways, in the same window: packets arrived and the beep is above silence.
    for (const audio of [result.metrics.audio.toReceiver, result.metrics.audio.toSender]) {
      expect(audio?.packetsReceived).toBeGreaterThan(0);
      expect(audio?.audioLevel).toBeGreaterThan(0);
    }
    const phases = result.timeline.map((t) => t.phase);
    for (const phase of ['server-listening', 'browser-launched', 'pages-ready', 'receiver-open', 'sender-open', 'data-connection-open', 'first-message-acknowledged', 'call-placed', 'remote-stream', 'first-frame', 'hangup-detected'] as const) {
      expect(phases).toContain(phase);
    }
    const xml = await readFile(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).not.toContain('<failure');
  }, 90_000);

  it('fails an impossible --expect with exit code 1 and names the failed check', async () => {
    const run = await runRtcdemoToEnd(['call-test', '--duration', '1', '--bulk', '0', '--expect', 'data.rtt.p50<0']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/call-test failed: data/);
    expect(run.stdout).toMatch(/✗ data\.rtt\.p50 .* \(expected < 0, --expect\)/);
    // The other checks still ran and passed.
    expect(run.stdout).toMatch(/✓ video/);
  }, 90_000);
});
