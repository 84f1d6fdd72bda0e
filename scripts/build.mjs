// Builds rtcdemo: tsc compiles the Node side into dist/, esbuild bundles the browser-side agent
// (src/agent-page) into one IIFE script that the agent host serves from memory.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// dist/ is overwritten in place, not wiped first: a CLI already running from it keeps working during a build.
mkdirSync(`${root}dist/agent-page`, { recursive: true });
mkdirSync(`${root}dist/report-page`, { recursive: true });

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`], { stdio: 'inherit' });

await build({
  entryPoints: [`${root}src/agent-page/index.ts`],
  bundle: true,
  format: 'iife',
  target: 'chrome120',
  outfile: `${root}dist/agent-page/agent.js`,
  // Minified with an external map: two pages parse this bundle on every run, and an inline map tripled its size.
  minify: true,
  sourcemap: 'external',
  logLevel: 'warning',
  tsconfig: `${root}tsconfig.page.json`,
});

// The HTML report's chart script, inlined into every report by src/cli/render/html-report/assets.ts.
await build({
  entryPoints: [`${root}src/cli/render/html-report/page/report-charts.ts`],
  bundle: true,
  format: 'iife',
  target: 'chrome100',
  outfile: `${root}dist/report-page/report-charts.js`,
  minify: true,
  logLevel: 'warning',
});
