/**
 * The agent's own page failing under a running command: its renderer killed (what the out-of-memory killer
 * does to a page fed a huge message) ends `receive` at once with exit 3 and the reason; a hung renderer
 * (stopped with SIGSTOP) does not keep Ctrl-C waiting, and leaves no process or profile behind.
 * Asserted on the exit events, not on timings: before, the first case never exited, the second only after
 * puppeteer's one-minute protocol timeout, past these tests' own timeouts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';
import { runRtcdemo, type CliRun } from './support.js';
import { browserMainProcessOf, exitStatus, leftoversIn, privateTmpDir, rendererProcessesOf, removeTmpDir } from './fault-support.js';

const NOTHING_LEFT = { processes: [], profiles: [] };

let server: SignalingServer | undefined;
let run: CliRun | undefined;
let tmp: string | undefined;
let stopped: number[] = [];

afterEach(async () => {
  for (const pid of stopped.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  if (run && run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await run?.exited;
  await server?.close();
  if (tmp) removeTmpDir(tmp);
  run = undefined;
  server = undefined;
  tmp = undefined;
});

async function startReceive(): Promise<{ run: CliRun; renderers: number[] }> {
  server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
  tmp = privateTmpDir();
  run = runRtcdemo(['receive', '--server', server.url], { TMPDIR: tmp });
  await run.waitFor('stderr', /registered as "receiver"/, 20_000);
  const browser = browserMainProcessOf(run.child.pid!);
  expect(browser, 'the browser process of rtcdemo receive').not.toBeNull();
  const renderers = rendererProcessesOf(browser!);
  expect(renderers.length, 'renderer processes of that browser').toBeGreaterThan(0);
  return { run, renderers };
}

describe('the agent page dies under rtcdemo receive', () => {
  it('its renderer is killed: receive exits 3 with one line saying so, nothing left', { timeout: 60_000 }, async () => {
    const { run, renderers } = await startReceive();
    for (const pid of renderers) process.kill(pid, 'SIGKILL');
    const exit = await run.exited;
    expect(exitStatus(exit), run.stderr()).toBe(3);
    const last = run.stderr().trim().split('\n').at(-1);
    expect(last).toMatch(/^rtcdemo: the agent page \(receiver\) died: its renderer process was killed \(by a signal, or by the kernel when memory ran out\); run with --verbose/);
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(await leftoversIn(tmp!)).toEqual(NOTHING_LEFT);
  });

  it('its renderer hangs: Ctrl-C still exits 130 and kills the hung renderer with the browser', { timeout: 30_000 }, async () => {
    const { run, renderers } = await startReceive();
    for (const pid of renderers) process.kill(pid, 'SIGSTOP');
    stopped = renderers;
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exitStatus(exit), run.stderr()).toBe(130);
    expect(await leftoversIn(tmp!)).toEqual(NOTHING_LEFT);
  });
});
