/**
 * Issue 11, end to end with real browsers: Firefox and Chromium calling each other (call-test --matrix, every
 * ordered pair in its own two browser processes), the tutorial's pages in headless Firefox, and nothing left
 * behind — no Firefox process, no profile — after a pass, a failure, Ctrl-C and SIGKILL. Every CLI child gets
 * its own TMPDIR so its profiles are told apart from anything else on this shared machine.
 */
import { describe, expect, it } from 'vitest';
import type { CallTestMatrixResult } from '../../src/core/call-test/run-matrix.js';
import { validateCallTestResult } from '../../src/core/call-test/schema.js';
import { startSignalingServer } from '../../src/server/signaling-server.js';
import { framesDecoded, openTutorialPage, runRtcdemo, runRtcdemoToEnd, useDemoServerAndBrowser, waitUntil } from './support.js';
import { exitStatus, leftoversIn, privateTmpDir, processesUsingProfilesIn, profileDirsIn, removeTmpDir } from './fault-support.js';

/** The tutorial's `const peer`, a global lexical binding in the demo pages. */
declare const peer: { open: boolean } | undefined;
declare const demoLog: Array<{ event: string; detail: string }>;

const NOTHING_LEFT = { processes: [], profiles: [] };

describe('call-test --matrix chromium,firefox', () => {
  it('runs the four ordered pairs, each decoding video both ways, and leaves nothing behind', { timeout: 300_000 }, async () => {
    const tmp = privateTmpDir();
    try {
      const run = await runRtcdemoToEnd(['call-test', '--matrix', 'chromium,firefox', '--json', '--duration', '1', '--bulk', '1MiB', '--messages', '20'], { TMPDIR: tmp });
      expect(run.code, run.stderr + run.stdout).toBe(0);
      const matrix = JSON.parse(run.stdout) as CallTestMatrixResult;
      expect(matrix.verdict).toBe('pass');
      expect(matrix.runs.map((r) => `${r.sender}→${r.receiver}`)).toEqual(['chromium→chromium', 'chromium→firefox', 'firefox→chromium', 'firefox→firefox']);
      for (const r of matrix.runs) {
        expect(r.result, r.error ?? '').not.toBeNull();
        expect(validateCallTestResult(r.result)).toEqual([]);
        expect(r.result!.verdict, `${r.sender}→${r.receiver}`).toBe('pass');
        expect(r.result!.metrics.video.toReceiver.framesDecoded).toBeGreaterThan(0);
        expect(r.result!.metrics.video.toSender.framesDecoded).toBeGreaterThan(0);
        expect(r.result!.metrics.video.toReceiver.codec).toMatch(/^video\//);
      }
      // Each side ran in the browser it was given: the mixed pairs name both versions.
      expect(matrix.runs[1]!.result!.environment.browser).toMatch(/^receiver: firefox\/[\d.]+; sender: (Headless)?Chrome\//i);
      expect(matrix.runs[2]!.result!.environment.browser).toMatch(/^receiver: (Headless)?Chrome\/[\d.]+; sender: firefox\//i);
      expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);
    } finally {
      removeTmpDir(tmp);
    }
  });
});

describe('a codec one side lacks', () => {
  it('fails the video check by name instead of hanging (Firefox here has no H264)', { timeout: 120_000 }, async () => {
    const run = await runRtcdemoToEnd(['call-test', '--json', '--sender-browser', 'chromium', '--receiver-browser', 'firefox', '--codec', 'H264', '--duration', '1', '--bulk', '0']);
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as { options: { codec: string }; checks: Array<{ name: string; status: string; error: string | null; durationMs: number }> };
    expect(result.options.codec).toBe('H264');
    const video = result.checks.find((k) => k.name === 'video')!;
    expect(video.status).toBe('fail');
    expect(video.error).toMatch(/^--codec H264: the receiver's browser refused it: this browser cannot send or receive H264 \(it can send VP8, VP9, AV1\)$/);
  });
});

describe("the tutorial's pages in headless Firefox", () => {
  const rig = useDemoServerAndBrowser('localhost', 'firefox');

  it('the receiver page logs hi!, and both pages decode the other one\'s camera', { timeout: 90_000 }, async () => {
    const receiver = await openTutorialPage(rig.browser.browser, `${rig.server.url}receiver`);
    try {
      await waitUntil(() => receiver.page.evaluate(() => typeof peer !== 'undefined' && peer.open), 20_000, 'the receiver page to register');
      const sender = await openTutorialPage(rig.browser.browser, `${rig.server.url}sender`);
      try {
        await receiver.waitForConsole('hi!', 20_000);
        await waitUntil(async () => (await framesDecoded(receiver.page)) > 0 && (await framesDecoded(sender.page)) > 0, 30_000, 'frames decoded on both pages');
        // What a person would see: both pages show a remote video, and the receiver's log shows the message.
        for (const page of [receiver.page, sender.page]) {
          const state = await page.evaluate(() => {
            const remote = document.querySelector<HTMLVideoElement>('video#remote')?.srcObject;
            return { remoteVideoTracks: remote instanceof MediaStream ? remote.getVideoTracks().length : 0 };
          });
          expect(state.remoteVideoTracks).toBe(1);
        }
        const log = await receiver.page.evaluate(() => demoLog.map((e) => `${e.event} ${e.detail}`));
        expect(log.some((line) => line.startsWith('console.log') && line.includes('hi!'))).toBe(true);
      } finally {
        await sender.page.close();
      }
    } finally {
      await receiver.page.close();
    }
  });
});

describe('no Firefox or profile left behind', () => {
  it('after a failure (exit 3), after Ctrl-C (exit 130), and after SIGKILL (the next run sweeps the profile)', { timeout: 180_000 }, async () => {
    const tmp = privateTmpDir();
    try {
      // A failure: the server is not there.
      const failed = await runRtcdemoToEnd(['send', '--browser', 'firefox', '--to', 'nobody', '--timeout', '3s', '--server', 'http://127.0.0.1:9/', 'hi'], { TMPDIR: tmp });
      expect(failed.code, failed.stderr).toBe(3);
      expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);

      // Ctrl-C while registered.
      const server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
      const url = server.url;
      try {
        const interrupted = runRtcdemo(['receive', '--browser', 'firefox', '--server', url], { TMPDIR: tmp });
        await interrupted.waitFor('stderr', /registered as "receiver"/, 60_000);
        expect(processesUsingProfilesIn(tmp).length).toBeGreaterThan(0);
        interrupted.child.kill('SIGINT');
        expect(exitStatus(await interrupted.exited)).toBe(130);
        expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);

        // SIGKILL: nothing of rtcdemo runs, yet Firefox dies with it (parent-death signal)…
        const killed = runRtcdemo(['receive', '--browser', 'firefox', '--id', 'killed', '--server', url], { TMPDIR: tmp });
        await killed.waitFor('stderr', /registered as "killed"/, 60_000);
        killed.child.kill('SIGKILL');
        await killed.exited;
        const afterKill = await leftoversIn(tmp);
        expect(afterKill.processes).toEqual([]);
        expect(afterKill.profiles).toHaveLength(1);
        // …and the next run removes the profile it left.
        const next = await runRtcdemoToEnd(['send', '--browser', 'firefox', '--to', 'nobody', '--timeout', '3s', '--server', url, 'hi'], { TMPDIR: tmp });
        // No one answers: the server's "peer unavailable" (exit 3) or the 3 s timeout (exit 1), whichever comes
        // first on a loaded machine, said in the page's own words without the remote agent's stack.
        expect([1, 3], next.stderr).toContain(next.code);
        expect(next.stderr.trim().split('\n').at(-1)).toMatch(/^rtcdemo: (timed out: the connection to "nobody" did not open within 3 s|peer "nobody" is not connected)[^@]*$/);
        expect(profileDirsIn(tmp)).toEqual([]);
      } finally {
        await server.close();
      }
    } finally {
      removeTmpDir(tmp);
    }
  });
});
