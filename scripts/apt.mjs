// apt-get for the setup scripts (ensure-browser.mjs, ensure-system-deps.mjs): as root directly, else through
// sudo; non-interactive, output on the terminal. Throws when apt-get fails.
import { execFileSync } from 'node:child_process';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs `apt-get <args>`, e.g. aptGet(['install', '-y', 'chromium']). */
export function aptGet(args) {
  const command = ['apt-get', ...args];
  execFileSync(isRoot ? command[0] : 'sudo', isRoot ? command.slice(1) : command, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
