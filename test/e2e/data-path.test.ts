/**
 * Issue 3, end to end: the tutorial's page code (served by the demo server), the CLI as a real process,
 * real Chromium, a real signaling server on an OS-assigned port.
 */
import { describe, expect, it } from 'vitest';
import { framesDecoded, openTutorialPage, runRtcdemo, runRtcdemoToEnd, waitUntil, useDemoServerAndBrowser } from './support.js';

/** The tutorial's `const peer`, a global lexical binding in the demo pages. */
declare const peer: { open: boolean } | undefined;

const rig = useDemoServerAndBrowser();

const serverFlag = () => ['--server', rig.server.url];

describe('the data path', () => {
  it("the tutorial's receiver page logs hi! sent by rtcdemo send", async () => {
    const receiver = await openTutorialPage(rig.browser.browser, `${rig.server.url}receiver`);
    try {
      // `peer` is the tutorial's top-level const: visible to page code by name, not as a window property.
      await waitUntil(() => receiver.page.evaluate(() => typeof peer !== 'undefined' && peer.open), 10_000, 'the receiver page to register');
      const sent = await runRtcdemoToEnd(['send', '--to', 'receiver', '--json', ...serverFlag(), 'hi!']);
      expect(sent.stderr).toContain('peer open');
      expect(sent.code).toBe(0);
      await receiver.waitForConsole('hi!');
      // The tutorial's page does not acknowledge: rtcdemo must say "sent", not "delivered".
      const report = JSON.parse(sent.stdout) as { remoteIsRtcdemo: boolean; helloWaitMs: number; acknowledged: number; messages: Array<{ delivery: string; drainMs: number | null }> };
      expect(report).toMatchObject({ remoteIsRtcdemo: false, acknowledged: 0, messages: [{ delivery: 'sent' }] });
      // Two measurements, not one: the buffer drained while rtcdemo was still waiting for a hello. (It used to
      // report the end of that 1 s window as the drain time: "buffer drained after 1001 ms".)
      const drainMs = report.messages[0]!.drainMs;
      expect(drainMs).not.toBeNull();
      expect(drainMs!).toBeLessThan(report.helloWaitMs);
    } finally {
      await receiver.page.close();
    }
  }, 40_000);

  it("rtcdemo receive prints the message sent by the tutorial's sender page", async () => {
    const receive = runRtcdemo(['receive', '--count', '1', '--timeout', '30s', '--json', ...serverFlag()]);
    try {
      await receive.waitFor('stderr', /registered as "receiver"/);
      const sender = await openTutorialPage(rig.browser.browser, `${rig.server.url}sender`);
      try {
        const { code } = await receive.exited;
        expect(code, receive.stderr()).toBe(0);
        const lines = receive.stdout().trim().split('\n');
        expect(lines).toHaveLength(1);
        const message = JSON.parse(lines[0]!) as Record<string, unknown>;
        expect(message).toMatchObject({ from: 'sender', kind: 'string', data: 'hi!', bytes: 3 });
        expect(Date.parse(String(message.receivedAt))).not.toBeNaN();
      } finally {
        await sender.page.close();
      }
    } finally {
      receive.child.kill('SIGTERM');
      await receive.exited;
    }
  }, 40_000);

  it('rtcdemo send to rtcdemo receive is acknowledged with a round-trip time', async () => {
    const receive = runRtcdemo(['receive', '--count', '3', '--timeout', '30s', ...serverFlag()]);
    try {
      await receive.waitFor('stderr', /registered as "receiver"/);
      const sent = await runRtcdemoToEnd(['send', '--to', 'receiver', '--repeat', '3', '--json', ...serverFlag(), 'hi!']);
      expect(sent.code).toBe(0);
      const report = JSON.parse(sent.stdout) as { remoteIsRtcdemo: boolean; acknowledged: number; messages: Array<{ delivery: string; rttMs: number }> };
      expect(report.remoteIsRtcdemo).toBe(true);
      expect(report.acknowledged).toBe(3);
      for (const m of report.messages) {
        expect(m.delivery).toBe('acknowledged');
        expect(m.rttMs).toBeGreaterThan(0);
      }
      const { code } = await receive.exited;
      expect(code).toBe(0);
      expect(receive.stdout().trim().split('\n')).toEqual([expect.stringMatching(/: hi!$/), expect.stringMatching(/: hi!$/), expect.stringMatching(/: hi!$/)]);
    } finally {
      receive.child.kill('SIGTERM');
      await receive.exited;
    }
  }, 40_000);

  it("the tutorial's sender page calls rtcdemo receive and decodes its video", async () => {
    const receive = runRtcdemo(['receive', '--timeout', '30s', ...serverFlag()]);
    try {
      await receive.waitFor('stderr', /registered as "receiver"/);
      const sender = await openTutorialPage(rig.browser.browser, `${rig.server.url}sender`);
      try {
        await receive.waitFor('stderr', /call from sender: answering/);
        const frames = await waitUntil(async () => {
          const n = await framesDecoded(sender.page);
          return n > 0 ? n : null;
        }, 15_000, 'decoded frames on the sender page');
        expect(frames).toBeGreaterThan(0);
        const remoteHasStream = await sender.page.evaluate(() => document.querySelector<HTMLVideoElement>('video#remote')?.srcObject instanceof MediaStream);
        expect(remoteHasStream).toBe(true);
      } finally {
        await sender.page.close();
      }
    } finally {
      receive.child.kill('SIGTERM');
      const { code } = await receive.exited;
      expect(code).toBe(143);
    }
  }, 40_000);

  it('a taken id is one line and exit code 3, with nothing about losing the server', async () => {
    const first = runRtcdemo(['receive', '--id', 'alice', '--timeout', '30s', ...serverFlag()]);
    try {
      await first.waitFor('stderr', /registered as "alice"/);
      const second = await runRtcdemoToEnd(['receive', '--id', 'alice', ...serverFlag()]);
      expect(second.code).toBe(3);
      expect(second.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^rtcdemo: id "alice" is already taken on http:\/\/localhost:\d+\/: choose another with --id/)]);
      expect(second.stdout).toBe('');
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  }, 40_000);
});
