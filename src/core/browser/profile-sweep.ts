/**
 * Profiles left by an rtcdemo that was killed with SIGKILL (nothing of it could run: no `finally`, no exit
 * handler). Each profile folder carries its owner's pid in its name (`rtcdemo-profile-<pid>-XXXXXX`); the next
 * launch removes those whose owner is gone. The browsers themselves die with their owner: Chromium when its
 * DevTools pipe closes, Firefox by its parent-death signal (launch-firefox.ts).
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processIsAlive } from '../process-alive.js';

export const PROFILE_PREFIX = 'rtcdemo-profile-';

/** The mkdtemp prefix for this process's profiles. */
export function profilePrefix(parent: string): string {
  return path.join(parent, `${PROFILE_PREFIX}${process.pid}-`);
}

/** The owner pid in a profile folder's name, or null for a name this sweep did not make. */
export function profileOwner(name: string): number | null {
  const match = /^rtcdemo-profile-(\d+)-[A-Za-z0-9]{6}$/.exec(name);
  const pid = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** Removes `parent`'s profiles whose owner is no longer running; returns what it removed. Never throws. */
export function sweepOrphanedProfiles(parent: string, isAlive: (pid: number) => boolean = processIsAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = profileOwner(name);
    if (owner === null || owner === process.pid || isAlive(owner)) continue;
    try {
      rmSync(path.join(parent, name), { recursive: true, force: true, maxRetries: 2 });
      removed.push(name);
    } catch {
      // another run may be removing it at the same moment
    }
  }
  return removed;
}

