/**
 * A run killed with SIGKILL can't stop its TURN server. Each server's temp dir carries its owner's pid
 * (`rtcdemo-turn-<pid>-XXXXXX/turnserver.pid`); the next start stops servers whose owner is gone.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TURN_DIR_PREFIX = 'rtcdemo-turn-';

export function sweepOrphanTurnServers(tmp = os.tmpdir()): number {
  let swept = 0;
  let entries: string[];
  try {
    entries = readdirSync(tmp);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const owner = new RegExp(`^${TURN_DIR_PREFIX}(\\d+)-`).exec(name);
    if (!owner || isAlive(Number(owner[1]))) continue;
    const dir = path.join(tmp, name);
    const pid = Number(readText(path.join(dir, 'turnserver.pid')));
    // Only a process that still is a turnserver: the pid may have been reused by something else.
    if (Number.isInteger(pid) && pid > 0 && readText(`/proc/${pid}/cmdline`).includes('turnserver')) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    rmSync(dir, { recursive: true, force: true });
    swept += 1;
  }
  return swept;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
