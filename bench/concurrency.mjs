/**
 * Comparison 3: `rtcdemo call-test --pairs N` for N = 1, 2, 4, 8, without a media window (--duration 0:
 * signaling, data check, the call up to its first frame, hang-up) and with a 1 s video window, timed from
 * spawn to exit, with the peak summed RSS of the browser's processes. Runs only when `call-test --help` lists
 * --pairs; otherwise the section says it is pending.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { timeCommand } from './machine.mjs';
import { fmt, fmtRatio, num, summarize } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PAIRS = [1, 2, 4, 8];
const MODES = [
  { key: 'data', label: 'no media window (--duration 0)', args: ['--duration', '0'] },
  { key: 'video', label: '1 s video window (--duration 1)', args: ['--duration', '1'] },
];
const MB = 1024 * 1024;

export const title = 'Concurrency: call-test --pairs N in one browser';

export function pairsSupported() {
  try {
    const help = execFileSync(process.execPath, ['bin/rtcdemo.js', 'call-test', '--help'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    return /--pairs\b/.test(help);
  } catch {
    return false;
  }
}

export function pendingSection() {
  return {
    title,
    headline: null,
    intro: ['**Pending --pairs**: `rtcdemo call-test --help` does not list `--pairs` yet. Once it does, this section measures N = 1, 2, 4, 8 pairs (with and without a video window): wall time and the peak RSS of the browser processes.'],
    tables: [],
    targets: [{ name: 'concurrency (--pairs)', measured: 'pending --pairs', met: null, why: '' }],
    notes: [],
  };
}

export async function run({ runs, log }) {
  if (!pairsSupported()) return pendingSection();
  const results = Object.fromEntries(MODES.flatMap((m) => PAIRS.map((n) => [`${m.key}-${n}`, []])));
  for (let r = 0; r < runs; r += 1) {
    for (const mode of MODES) {
      for (const n of PAIRS) {
        log(`concurrency: run ${r + 1}/${runs}, --pairs ${n}, ${mode.label}`);
        const args = ['bin/rtcdemo.js', 'call-test', '--pairs', String(n), ...mode.args, '--json'];
        const result = await timeCommand(process.execPath, args, { cwd: root, timeoutMs: 180_000, sampleMs: 100, pssMs: 500 });
        results[`${mode.key}-${n}`].push(parse(result, mode.key));
      }
    }
  }
  return report(results, runs);
}

function parse(result, mode) {
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return { wallMs: null, peakRss: result.peakRss, peakPss: result.peakPss, ok: 0, pairs: 0, mbps: [], fps: [] };
  }
  // Without a window fps cannot be measured, so that run's verdict fails by design: count the data check instead.
  const ok = report.pairs.filter((p) => (mode === 'data' ? p.checks.every((c) => c.name === 'video' || c.status === 'pass') : p.verdict === 'pass')).length;
  return {
    wallMs: result.wallMs,
    peakRss: result.peakRss,
    peakPss: result.peakPss,
    ok,
    pairs: report.pairs.length,
    mbps: report.pairs.map((p) => p.metrics.data.bulk.throughputMBps),
    fps: report.pairs.map((p) => p.metrics.video.fps),
  };
}

function report(results, runs) {
  const bulkAt = (mode, n) => summarize(results[`${mode}-${n}`].flatMap((x) => x.mbps)).median;
  const rows = [];
  const headline = {};
  for (const mode of MODES) {
    const base = summarize(results[`${mode.key}-1`].map((x) => x.wallMs));
    for (const n of PAIRS) {
      const xs = results[`${mode.key}-${n}`];
      const wall = summarize(xs.map((x) => x.wallMs));
      const rss = summarize(xs.map((x) => (x.peakRss ? x.peakRss / MB : null)));
      const pss = summarize(xs.map((x) => (x.peakPss ? x.peakPss / MB : null)));
      const ok = xs.reduce((s, x) => s + x.ok, 0);
      const total = runs * n;
      const mbps = summarize(xs.flatMap((x) => x.mbps));
      const fps = summarize(xs.flatMap((x) => x.fps));
      rows.push([
        mode.label,
        String(n),
        fmt(wall, 'ms', 0),
        base.median && wall.median ? fmtRatio(wall.median / base.median) : '–',
        fmt(rss, 'MB', 0),
        fmt(pss, 'MB', 0),
        `${ok} of ${total}`,
        fmt(mbps, 'MB/s', 1),
        mode.key === 'video' ? fmt(fps, 'fps', 1) : '–',
      ]);
      headline[`${mode.key}-${n}`] = { wallMs: wall.median, rssMB: rss.median, pssMB: pss.median };
    }
  }
  return {
    title,
    headline,
    intro: [
      `\`node bin/rtcdemo.js call-test --pairs N --duration 0|1 --json\`, each timed from spawn to exit, ${runs} runs per cell (cells interleaved). Peak RSS: the sum of VmRSS over the command's descendant processes (Chromium and its helpers), sampled every 100 ms; pages shared between Chromium's processes count once per process, so it overstates. PSS splits shared pages between the processes that share them (smaps_rollup, sampled every 500 ms because it is costlier to read): the closer figure for what the browser occupies.`,
      'Without a media window the video check still places each call and waits for its first frame, but cannot measure fps, so "pairs OK" counts every check but video there.',
    ],
    tables: [
      { columns: ['mode', 'pairs', 'wall time', 'vs 1 pair', 'peak browser RSS (sum)', 'peak browser PSS (sum)', 'pairs OK', 'bulk per pair', 'fps (per pair)'], rows },
    ],
    targets: [
      {
        name: 'concurrency measured (N = 1, 2, 4, 8)',
        measured: `8 pairs with video: ${num(headline['video-8']?.wallMs, 0)} ms, RSS ${num(headline['video-8']?.rssMB, 0)} MB, PSS ${num(headline['video-8']?.pssMB, 0)} MB`,
        met: null,
        why: '',
      },
    ],
    notes: [
      `Per-pair bulk throughput falls from ${num(bulkAt('data', 1), 1)} MB/s with 1 pair to ${num(bulkAt('data', 8), 1)} MB/s with 8 (aggregate ${num((bulkAt('data', 8) ?? 0) * 8, 1)} MB/s): the data checks of all pairs run at once, every renderer's packets go through one network process on ${os.availableParallelism()} cores, and packets dropped inside Chromium (see the data-channel section) are repaired by 400 ms retransmission timeouts.`,
    ],
  };
}
