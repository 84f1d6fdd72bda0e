/**
 * Faults, end to end, with the real CLI, real Chromium and real WebRTC: a hang-up is told apart from a crash,
 * a call outlives its signaling server and the agents re-register when it returns, and no signal or failure
 * leaves a browser process or a temporary profile behind.
 *
 * Timings are printed (and recorded in docs/RELIABILITY.md), never asserted: tests wait for the event (a
 * line, a phase) and assert on what happened and in what order; this machine is shared and has two cores. Every CLI child runs with its own TMPDIR (fault-support.ts), so the
 * leftover checks see only the profiles and processes that child made.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';
import { openTutorialPage, runRtcdemo, runRtcdemoToEnd, type CliRun, useDemoServerAndBrowser } from './support.js';
import {
  browserMainProcessOf,
  exitStatus,
  leftoversIn,
  perSecondLines,
  privateTmpDir,
  processesUsingProfilesIn,
  removeTmpDir,
  stderrMark,
  waitForNew,
} from './fault-support.js';

const NOTHING_LEFT = { processes: [], profiles: [] };

/** CLI children of the current test, and their private temp folders: all ended and removed after it. */
const runs: CliRun[] = [];
const tmpDirs: string[] = [];
function start(args: string[]): { run: CliRun; tmp: string } {
  const tmp = privateTmpDir();
  tmpDirs.push(tmp);
  const run = runRtcdemo(args, { TMPDIR: tmp });
  runs.push(run);
  return { run, tmp };
}
afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
    await run.exited;
  }
  for (const dir of tmpDirs.splice(0)) removeTmpDir(dir);
});

const ms = (value: number) => `${Math.round(value)} ms`;

describe('a peer leaving', () => {
  const rig = useDemoServerAndBrowser('127.0.0.1');

  async function startReceiver(): Promise<CliRun> {
    const { run } = start(['receive', '--server', rig.server.url]);
    await run.waitFor('stderr', /registered as "receiver"/, 20_000);
    return run;
  }

  it("the tutorial's sender page closes: the receiver reports a hang-up (PeerJS close), not a loss", { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    const sender = await openTutorialPage(rig.browser.browser, `${rig.server.url}sender`);
    await receiver.waitFor('stderr', /first video frame from sender decoded/, 20_000);
    const mark = stderrMark(receiver);
    const closedAt = performance.now();
    await sender.page.close();
    const { match, at } = await waitForNew(receiver, mark, /call with sender ended \((.*)\)$/m);
    console.log(`hang-up (tutorial page closed) noticed by rtcdemo receive after ${ms(at - closedAt)}: ${match[1]}`);
    expect(match[1]).toMatch(/^hung up: /);
    // The tutorial's data connection goes the same way.
    const data = await waitForNew(receiver, mark, /data connection with sender closed \((.*)\)$/m);
    expect(data.match[1]).toMatch(/^hung up: /);
    // Told by PeerJS's close, not by ICE or the frames stopping: no line calls it a loss.
    expect(receiver.stderr().slice(mark)).not.toMatch(/lost without a hang-up/);
  });

  it('rtcdemo call gets Ctrl-C: it hangs up, exits 130, and the receiver reports a hang-up', { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    const { run: call, tmp } = start(['call', '--to', 'receiver', '--duration', '30', '--server', rig.server.url]);
    await call.waitFor('stderr', /^\S+\s+1 s\s+[\d.]+ fps/m, 30_000);
    const id = call.stderr().match(/peer open as "([^"]+)"/)![1]!;
    const mark = stderrMark(receiver);
    const signalledAt = performance.now();
    call.child.kill('SIGINT');
    const { match, at } = await waitForNew(receiver, mark, new RegExp(`call with ${id} ended \\((.*)\\)$`, 'm'));
    console.log(`hang-up (rtcdemo call interrupted) noticed by rtcdemo receive after ${ms(at - signalledAt)}: ${match[1]}`);
    expect(match[1]).toMatch(/^hung up: /);
    expect(exitStatus(await call.exited)).toBe(130);
    expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);
  });

  it("the caller's browser is killed: the receiver reports a loss (frames stopped or ICE), not a hang-up; rtcdemo call exits 3 with one line", { timeout: 60_000 }, async () => {
    const receiver = await startReceiver();
    const { run: call, tmp } = start(['call', '--to', 'receiver', '--duration', '60', '--server', rig.server.url]);
    await call.waitFor('stderr', /^\S+\s+1 s\s+[\d.]+ fps/m, 30_000);
    const id = call.stderr().match(/peer open as "([^"]+)"/)![1]!;
    const chromium = browserMainProcessOf(call.child.pid!);
    expect(chromium, 'the browser process of rtcdemo call').not.toBeNull();
    const mark = stderrMark(receiver);
    const killedAt = performance.now();
    // A crash: the browser ends without running a line of page code, so no pagehide and no PeerJS close.
    process.kill(chromium!, 'SIGKILL');

    const exit = await call.exited;
    const callExitMs = performance.now() - killedAt;
    const lines = call.stderr().trim().split('\n');
    expect(exitStatus(exit), call.stderr()).toBe(3);
    expect(lines.at(-1)).toMatch(/^rtcdemo: the browser \w+ unexpectedly\b/);
    expect(call.stderr()).not.toMatch(/^\s+at /m);
    expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);

    const { match, at } = await waitForNew(receiver, mark, new RegExp(`call with ${id} ended \\((.*)\\)$`, 'm'), 30_000);
    console.log(`crash: rtcdemo call exited after ${ms(callExitMs)}; rtcdemo receive noticed after ${ms(at - killedAt)}: ${match[1]}`);
    // Whichever notices first: the frames stopping, or ICE; never a hang-up.
    expect(match[1]).toMatch(/^lost without a hang-up/);
    // The receiver is unharmed.
    receiver.child.kill('SIGTERM');
    expect(exitStatus(await receiver.exited)).toBe(143);
  });
});

describe('the signaling server goes away during a call', () => {
  let server: SignalingServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('media keeps flowing peer to peer; both agents re-register when it returns on the same port', { timeout: 90_000 }, async () => {
    server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
    const { port, url } = server;
    const { run: receiver } = start(['receive', '--server', url]);
    await receiver.waitFor('stderr', /registered as "receiver"/, 20_000);
    const { run: call } = start(['call', '--to', 'receiver', '--duration', '10', '--json', '--server', url]);
    await call.waitFor('stderr', /^\S+\s+1 s\s+[\d.]+ fps/m, 30_000);
    const callerId = call.stderr().match(/peer open as "([^"]+)"/)![1]!;

    const receiverMark = stderrMark(receiver);
    const callMark = stderrMark(call);
    await server.close();
    const stoppedAt = performance.now();
    await waitForNew(receiver, receiverMark, /lost the signaling server; existing connections continue peer-to-peer, reconnecting in [\d.]+ s…/, 10_000);
    // Two seconds without a server, then a new one on the same address.
    await new Promise((r) => setTimeout(r, 2000));
    server = await startSignalingServer({ port, host: '127.0.0.1' });
    const registered = new Set<string>();
    server.events.on('peer-registered', (e) => registered.add(e.id));
    const restartedAt = performance.now();
    const reconnected = await waitForNew(receiver, receiverMark, /reconnected to the signaling server/, 20_000);
    console.log(`server restart: rtcdemo receive re-registered ${ms(reconnected.at - restartedAt)} after the server returned (${ms(reconnected.at - stoppedAt)} after it stopped)`);
    // One outage, one line: the agent runs one backoff loop, not one per failed attempt.
    expect(receiver.stderr().slice(receiverMark).match(/lost the signaling server/g)).toHaveLength(1);

    const exit = await call.exited;
    expect(exitStatus(exit), call.stderr()).toBe(0);
    // The caller re-registered too, and says so.
    expect([...registered].sort()).toEqual([callerId, 'receiver'].sort());
    expect(call.stderr().slice(callMark)).toMatch(/lost the signaling server; the call continues peer to peer/);
    expect(call.stderr().slice(callMark)).toMatch(/reconnected to the signaling server/);

    // Every second after the server stopped still decoded video.
    const afterStop = perSecondLines(call.stderr().slice(callMark));
    expect(afterStop.length).toBeGreaterThanOrEqual(7);
    expect(afterStop.filter((s) => !(s.fps !== null && s.fps > 0))).toEqual([]);
    const report = JSON.parse(call.stdout()) as {
      ended: string;
      received: { framesDecoded: number };
      seconds: Array<{ t: number; fps: number | null }>;
      signaling: { disconnects: number; reconnects: number };
    };
    expect(report.ended).toBe('duration');
    expect(report.signaling).toEqual({ disconnects: 1, reconnects: 1 });
    expect(report.seconds.filter((s) => !(s.fps !== null && s.fps > 0))).toEqual([]);
    // More frames than the fake camera (at most 30 fps) could have sent in the second before the stop, twice over.
    expect(report.received.framesDecoded).toBeGreaterThan(60);

    receiver.child.kill('SIGTERM');
    expect(exitStatus(await receiver.exited)).toBe(143);
  });
});

describe('signals and failures leave nothing behind', () => {
  // Each signal comes at a phase, not after a delay: at once (before the signal handlers exist, Node's default
  // action ends the process and a shell still sees 130/143), then when call-test prints that the browser is up,
  // that the data connection opened, and that the first video frame was decoded (--progress prints the phases
  // without a terminal).
  const PHASES = [null, 'browser-launched', 'data-connection-open', 'first-frame'] as const;
  for (const phase of PHASES) {
    for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      it(`call-test gets ${signal} ${phase ? `at ${phase}` : 'at once'}: exits ${status}, no browser process or profile left`, { timeout: 40_000 }, async () => {
        const { run, tmp } = start(['call-test', '--duration', '3', '--progress']);
        if (phase) await run.waitFor('stderr', new RegExp(`\\s${phase}$`, 'm'), 30_000);
        const browsersAtSignal = processesUsingProfilesIn(tmp).length;
        run.child.kill(signal);
        expect(exitStatus(await run.exited), run.stderr()).toBe(status);
        expect(run.stderr()).not.toMatch(/^\s+at /m);
        // The browser said it was up, so its processes were there to be cleaned up.
        if (phase) expect(browsersAtSignal, 'the browser was running when the signal came').toBeGreaterThan(0);
        expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);
      });
    }
  }

  it('receive gets SIGTERM while registered: exits 143, nothing left', { timeout: 30_000 }, async () => {
    const server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
    try {
      const { run, tmp } = start(['receive', '--server', server.url]);
      await run.waitFor('stderr', /registered as "receiver"/, 20_000);
      expect(processesUsingProfilesIn(tmp).length).toBeGreaterThan(0);
      run.child.kill('SIGTERM');
      expect(exitStatus(await run.exited)).toBe(143);
      expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);
      // It left the server too.
      expect(server.stats().peers).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('serve gets SIGINT: exits 130 and frees its port', { timeout: 30_000 }, async () => {
    const { run } = start(['serve', '--port', '0', '--host', '127.0.0.1', '--quiet']);
    const [, port] = await run.waitFor('stdout', /signaling on http:\/\/127\.0\.0\.1:(\d+)\//, 15_000);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    run.child.kill('SIGINT');
    expect(exitStatus(await run.exited)).toBe(130);
    // Free: we can listen on it ourselves.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(Number(port), '127.0.0.1', () => resolve());
    });
    await new Promise((r) => probe.close(r));
  });

  it('send to a peer that is not there: exits 3 with one line, nothing left', { timeout: 30_000 }, async () => {
    const server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
    try {
      const tmp = privateTmpDir();
      tmpDirs.push(tmp);
      const run = await runRtcdemoToEnd(['send', '--to', 'nobody', '--timeout', '2s', '--server', server.url], { TMPDIR: tmp });
      // Peer not found (3) whether --timeout or the server's EXPIRE comes first.
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^rtcdemo: peer "nobody" is not connected to /);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(await leftoversIn(tmp)).toEqual(NOTHING_LEFT);
    } finally {
      await server.close();
    }
  });
});
