/**
 * Where rtcdemo's own files are: the folder of the nearest package.json named "rtcdemo" above this module.
 * Assets (the demo pages, the agent bundle, package.json) are found from there, the same way whether this
 * code runs as src/ (vitest), as dist/ (the CLI) or installed under node_modules/rtcdemo/, instead of
 * relative paths that only work while src/ and dist/ sit at the same depth. Node-only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'rtcdemo';

let found: string | undefined;

export function packageRoot(): string {
  if (found) return found;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return (found = dir);
    if (dirname(dir) === dir) throw new Error(`no package.json named "${PACKAGE_NAME}" in ${start} or any folder above it`);
  }
}

/** A path inside the package, e.g. packageFile('dist', 'agent-page', 'agent.js'). */
export function packageFile(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

/** The version in rtcdemo's package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}
