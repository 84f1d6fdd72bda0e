/**
 * A last line of defence against orphans. Every browser and temp profile has an owner that closes it in
 * `finally`; this registry also remembers them so that a second Ctrl-C or an unexpected exit can still kill
 * the browser process and remove its profile directory synchronously.
 */
import { rmSync } from 'node:fs';

const browserPids = new Set<number>();
const processGroups = new Set<number>();
const tempDirs = new Set<string>();
const exitCleanups = new Set<() => void>();

export function trackBrowserProcess(pid: number): () => void {
  browserPids.add(pid);
  return () => browserPids.delete(pid);
}

/** A child started in its own process group (a TURN server, perhaps under `ip netns exec`): killed as a group. */
export function trackProcessGroup(pid: number): () => void {
  processGroups.add(pid);
  return () => processGroups.delete(pid);
}

export function trackTempDir(dir: string): () => void {
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}

/**
 * SIGKILL to the process group `pid` leads (Chromium: the browser, its zygotes and renderers), and to `pid`
 * itself in case it leads none. Nothing to do when they are gone already.
 */
export function killProcessGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * A synchronous clean-up for things that are neither a process nor a directory (the network lab's namespaces,
 * a WebDriver session to delete).
 */
export function trackExitCleanup(cleanup: () => void): () => void {
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

export function emergencyCleanup(): void {
  for (const pid of browserPids) killProcessGroup(pid);
  browserPids.clear();
  for (const pid of processGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  processGroups.clear();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // best effort: nothing else can be done while exiting
    }
  }
  tempDirs.clear();
  // After the processes: a namespace is only gone once no process runs in it.
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch {
      // best effort, as above
    }
  }
  exitCleanups.clear();
}
