/**
 * Fault-test support: each CLI child gets its own TMPDIR, so the browser profiles it creates (and any Chromium
 * process using one) are told apart from those of anything else running on the machine; /proc is read to find
 * processes by command line and by parent.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliRun } from './support.js';

/** A private temp folder for one CLI run; its browser profiles appear as `<dir>/rtcdemo-profile-*`. */
export function privateTmpDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'rtcdemo-faults-'));
}

export function removeTmpDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function profileDirsIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('rtcdemo-profile-'));
}

function readProc(pid: string, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // gone meanwhile, or not ours to read
  }
}

function allPids(): string[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
}

/** Processes (other than this one) whose command line uses a browser profile inside `dir`. */
export function processesUsingProfilesIn(dir: string): Array<{ pid: number; cmd: string }> {
  const needle = `${path.join(dir, 'rtcdemo-profile-')}`;
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const pid of allPids()) {
    if (Number(pid) === process.pid) continue;
    const cmd = readProc(pid, 'cmdline')?.split('\0').join(' ') ?? '';
    // Zombies keep no command line; a process that is gone can't be an orphan.
    if (cmd.includes(needle)) found.push({ pid: Number(pid), cmd: cmd.slice(0, 160) });
  }
  return found;
}

/** The browser's main process started by CLI child `pid`: a direct child with a user-data-dir and no --type. */
export function browserMainProcessOf(pid: number): number | null {
  for (const candidate of allPids()) {
    const stat = readProc(candidate, 'stat');
    // stat: "pid (comm) state ppid …"; comm may contain spaces, so split after the last ')'.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (ppid !== pid) continue;
    const cmd = readProc(candidate, 'cmdline') ?? '';
    if (cmd.includes('--user-data-dir=') && !cmd.includes('--type=')) return Number(candidate);
  }
  return null;
}

/** The exit status a shell would report: the code, or 128 + the signal's number for a process a signal ended. */
export function exitStatus(exit: { code: number | null; signal: NodeJS.Signals | null }): number {
  if (exit.code !== null) return exit.code;
  return 128 + (exit.signal ? os.constants.signals[exit.signal] : 0);
}

/**
 * Waits (up to `graceMs`: Chromium's helper processes end a moment after the browser) until no process uses a
 * profile in `dir` and no profile folder is left, then returns what remains, for an `toEqual` on nothing.
 */
export async function leftoversIn(dir: string, graceMs = 5000): Promise<{ processes: Array<{ pid: number; cmd: string }>; profiles: string[] }> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = { processes: processesUsingProfilesIn(dir), profiles: profileDirsIn(dir) };
    if ((left.processes.length === 0 && left.profiles.length === 0) || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Where stderr stands now: `waitForNew` then only looks at what is printed after it. */
export function stderrMark(run: CliRun): number {
  return run.stderr().length;
}

/**
 * The first match of `pattern` in what `run` printed on stderr after `from`, with the time it arrived
 * (performance.now(), read as each chunk comes in); rejects after `timeoutMs`.
 */
export function waitForNew(run: CliRun, from: number, pattern: RegExp, timeoutMs = 15_000): Promise<{ match: RegExpMatchArray; at: number }> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = run.stderr().slice(from).match(pattern);
      if (!match) return;
      done();
      resolve({ match, at: performance.now() });
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${pattern} on stderr\n--- stderr since then ---\n${run.stderr().slice(from)}`));
    }, timeoutMs);
    // After runRtcdemo's own listener (registered first), so run.stderr() already holds this chunk.
    const onData = () => check();
    function done() {
      clearTimeout(timer);
      run.child.stderr.off('data', onData);
    }
    run.child.stderr.on('data', onData);
    check();
  });
}

/** The per-second lines of `rtcdemo call` (" 3 s  19.9 fps  640×480 …") in `text`: seconds and fps. */
export function perSecondLines(text: string): Array<{ t: number; fps: number | null }> {
  return [...text.matchAll(/^\S+\s+(\d+) s\s+(–|[\d.]+) fps/gm)].map((m) => ({ t: Number(m[1]), fps: m[2] === '–' ? null : Number(m[2]) }));
}

/** Chromium renderer processes in the process group that browser `browserPid` leads (it starts detached). */
export function rendererProcessesOf(browserPid: number): number[] {
  const found: number[] = [];
  for (const pid of allPids()) {
    const stat = readProc(pid, 'stat');
    // stat: "pid (comm) state ppid pgrp …"
    const pgrp = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) : NaN;
    if (pgrp !== browserPid) continue;
    if ((readProc(pid, 'cmdline') ?? '').includes('--type=renderer')) found.push(Number(pid));
  }
  return found;
}
