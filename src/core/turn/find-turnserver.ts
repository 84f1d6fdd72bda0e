/** Finding coturn's `turnserver`: a path as given, or a name looked up on PATH; missing → exit 3 with the install hint. */
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { isExecutableFile } from '../browser/find-browser.js';

export const TURNSERVER_INSTALL_HINT = 'install coturn (Debian/Ubuntu: sudo apt-get install -y coturn; Fedora: sudo dnf install coturn; macOS: brew install coturn), or give its path with --turnserver <path>';

export function findTurnserver(
  binary: string,
  env: NodeJS.ProcessEnv = process.env,
  isExecutable: (file: string) => boolean = isExecutableFile,
): string {
  if (binary.includes('/')) {
    if (!isExecutable(binary)) throw new EnvironmentError(`no TURN server at ${binary}: ${TURNSERVER_INSTALL_HINT}`);
    return binary;
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const found = dirs.map((dir) => path.join(dir, binary)).find((file) => isExecutable(file));
  if (!found) {
    throw new EnvironmentError(`no ${binary} (coturn's TURN server) on PATH (${dirs.join(', ') || 'PATH is empty'}): ${TURNSERVER_INSTALL_HINT}`);
  }
  return found;
}
