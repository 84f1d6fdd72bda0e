/**
 * The network lab leaves nothing behind: SIGINT and SIGTERM at several phases of a lab run (lab just built,
 * browsers up in their namespaces, mid-call), and a SIGKILLed run whose lab the next run removes. Phases are
 * read from --progress lines on stderr, so each signal lands where the test says it does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runRtcdemo, type CliRun } from './support.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { exitStatus, privateTmpDir, removeTmpDir } from './fault-support.js';
import { labLeftovers, labNamespacesOf, labUnavailableReason, NOTHING_LEFT, processesServing, rootNftTables } from './network-lab-support.js';

const unavailable = labUnavailableReason();
const runs: CliRun[] = [];
const tmpDirs: string[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.exited;
  }
  for (const dir of tmpDirs.splice(0)) removeTmpDir(dir);
});

function start(args: string[], tmp = privateTmpDir()): { run: CliRun; tmp: string } {
  tmpDirs.push(tmp);
  const run = runRtcdemo(['call-test', '--progress', '--bulk', '0', '--duration', '3', ...args], { TMPDIR: tmp });
  runs.push(run);
  return { run, tmp };
}

const PHASES = [
  ['the lab is built', /network lab: lab-ready/],
  ['both browsers run in their namespaces', /browser-launched/],
  ['the call is up', /first-frame/],
] as const;

describe.skipIf(unavailable !== null)(`network lab clean-up${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  for (const [phase, line] of PHASES) {
    for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      it(`${signal} when ${phase}: exits ${status}, nothing of the lab left`, { timeout: 60_000 }, async () => {
        const tablesBefore = rootNftTables();
        const { run, tmp } = start(['--network', 'symmetric-nat', '--turn']);
        await run.waitFor('stderr', line, 40_000);
        expect(labNamespacesOf(run.child.pid!)).toHaveLength(5);
        run.child.kill(signal);
        expect(exitStatus(await run.exited)).toBe(status);
        expect(await labLeftovers(run.child.pid!, tmp, tablesBefore)).toEqual(NOTHING_LEFT);
      });
    }
  }

  it('a SIGKILLed run leaves its lab; the next run removes it, then leaves nothing itself', { timeout: 90_000 }, async () => {
    const tablesBefore = rootNftTables();
    const killed = start(['--network', 'nat', '--turn']);
    await killed.run.waitFor('stderr', /first-frame/, 40_000);
    killed.run.child.kill('SIGKILL');
    await killed.run.exited;
    const killedPid = killed.run.child.pid!;
    // What a SIGKILL leaves: the namespaces, coturn, and the browsers' profiles (Chromium itself exits when
    // its DevTools pipe closes).
    expect(labNamespacesOf(killedPid)).toHaveLength(5);
    expect(processesServing(killedPid).some((p) => p.includes('turnserver'))).toBe(true);
    expect(readdirSync(path.join(killed.tmp, `rtcdemo-lab-${killedPid}-1`))).toHaveLength(2);

    // The same TMPDIR, as on a real machine: the lab's profiles folder is found there.
    const next = start(['--network', 'lan'], killed.tmp);
    await next.run.waitFor('stderr', /network lab: swept in .*\(removed rtcdemo-lab-\d+-1\)/, 20_000);
    const { code } = await next.run.exited;
    expect(code).toBe(0);
    expect(await labLeftovers(killedPid, killed.tmp, tablesBefore)).toEqual(NOTHING_LEFT);
    expect(await labLeftovers(next.run.child.pid!, next.tmp, tablesBefore)).toEqual(NOTHING_LEFT);
    expect(readdirSync(killed.tmp)).toEqual([]);
  });
});
