/**
 * The bench shares typed test code (test/support/*.ts: the flood clients, the server-in-a-child-process
 * harness) instead of keeping .mjs copies with hand-written type shims. Node 20 can't load TypeScript, so
 * esbuild (already our bundler) turns the file into one ES module under bench/.cache/ (inside the package,
 * so its imports of `ws` and friends resolve from node_modules) and Node imports that.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Imports `file` (a path from the package root, e.g. 'test/support/floods.ts'). */
export async function importTs(file) {
  const outfile = path.join(ROOT, 'bench', '.cache', file.replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [path.join(ROOT, file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  return import(pathToFileURL(outfile).href);
}
