/**
 * `npm run bench`: runs each comparison side by side on this machine and prints the tables (stdout);
 * progress goes to stderr. Imports the built code from dist/ (npm run bench builds first).
 *
 *   node bench/run.mjs [--runs N] [--only cold-start|data-channel|concurrency|signaling|network-lab|browsers|remote] [--write]
 *
 * --write also writes BENCHMARKS.md at the repository root. Every figure is the median of --runs runs
 * (default 5) with min and max; nothing is hard-coded.
 */
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, renderText } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const COMPARISONS = [
  { name: 'cold-start', module: './cold-start.mjs' },
  { name: 'data-channel', module: './data-channel.mjs' },
  { name: 'concurrency', module: './concurrency.mjs' },
  { name: 'signaling', module: './signaling-load.mjs' },
  { name: 'network-lab', module: './network-lab.mjs' },
  { name: 'browsers', module: './browsers.mjs' },
  { name: 'remote', module: './remote.mjs' },
];

function parseArgs(argv) {
  const args = { runs: 5, only: null, write: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--write') args.write = true;
    else if (arg === '--runs') args.runs = Number(argv[++i]);
    else if (arg === '--only') args.only = argv[++i];
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1 || args.runs > 50) throw new Error('--runs takes a whole number from 1 to 50');
  if (args.only && !COMPARISONS.some((c) => c.name === args.only)) throw new Error(`--only takes one of ${COMPARISONS.map((c) => c.name).join(', ')}`);
  return args;
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write('usage: node bench/run.mjs [--runs N] [--only cold-start|data-channel|concurrency|signaling|network-lab|browsers|remote] [--write]\n');
  process.exit(0);
}
if (!existsSync(`${root}dist/cli/main.js`) || !existsSync(`${root}dist/agent-page/agent.js`)) {
  process.stderr.write('bench: dist/ is missing; run npm run build (npm run bench does it for you)\n');
  process.exit(3);
}

// Imported after the dist/ check so a missing build gives the line above, not a stack.
const { describeMachine } = await import('./machine.mjs');
const { emergencyCleanup } = await import('../dist/core/cleanup.js');
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    emergencyCleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

const isTTY = process.stderr.isTTY;
const began = performance.now();
const log = (line) => process.stderr.write(`${isTTY ? `[${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ` : ''}${line}\n`);

const machine = describeMachine();
const commandLine = `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
const machineLine = `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.platform}; Node ${machine.node}; ${machine.chromium} (${machine.chromiumPath}); ulimit -n ${machine.fdLimit.soft}`;
process.stdout.write(`rtcdemo bench: ${commandLine}\nmachine: ${machineLine}\n\n`);

const selected = COMPARISONS.filter((c) => !args.only || c.name === args.only);
const sections = [];
let failed = false;
for (const comparison of selected) {
  const started = performance.now();
  const loadBefore = os.loadavg()[0];
  const mod = await import(comparison.module);
  let section;
  try {
    section = await mod.run({ runs: args.runs, log });
  } catch (error) {
    failed = true;
    log(`${comparison.name} failed: ${error.stack ?? error}`);
    section = { title: mod.title ?? comparison.name, intro: [`Failed: ${error.message}`], tables: [], targets: [{ name: comparison.name, measured: 'failed', met: false, why: error.message }], notes: [] };
  }
  section.seconds = (performance.now() - started) / 1000;
  // Other work on the machine shows up as load; it is printed so a noisy figure can be told from a slow one.
  section.intro = [...(section.intro ?? []), `Took ${section.seconds.toFixed(0)} s (1-minute load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after).`];
  sections.push(section);
  process.stdout.write(`${renderText(section)}\n`);
}

const totalSeconds = (performance.now() - began) / 1000;
const targetRows = sections.flatMap((s) => (s.targets ?? []).map((t) => [t.name, t.measured, t.met === null ? '–' : t.met ? 'met' : 'missed', t.why ?? '']));
const summary = {
  title: 'Targets',
  intro: [`Total bench time: ${totalSeconds.toFixed(0)} s (${(totalSeconds / 60).toFixed(1)} min) for ${selected.map((c) => c.name).join(', ')} with --runs ${args.runs}.`],
  tables: [{ columns: ['target', 'measured', 'status', 'why / limit'], rows: targetRows }],
  notes: [],
};
process.stdout.write(renderText(summary));

if (args.write) {
  const doc = [
    '# rtcdemo benchmarks',
    '',
    `Written by \`npm run bench -- --write\` (\`${commandLine}\`) on ${new Date().toISOString().slice(0, 10)}. Do not edit by hand: rerun the bench.`,
    '',
    `Machine: ${machineLine}.`,
    '',
    `Each figure is the median of ${args.runs} runs, with min–max in parentheses.`,
    '',
    renderMarkdown(summary),
    ...sections.map((s) => renderMarkdown(s)),
  ].join('\n');
  writeFileSync(`${root}BENCHMARKS.md`, `${doc.trimEnd()}\n`);
  log(`wrote ${root}BENCHMARKS.md`);
}
process.exitCode = failed ? 1 : 0;
