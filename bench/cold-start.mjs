/**
 * Comparison 1: `rtcdemo call-test --duration 1`, from process start to exit, against a bare Chromium launch
 * + new page + close in its own process (bench/bare-launch.mjs). Runs alternate so drift on a shared
 * machine hits both alike. Where the call test's time goes comes from its own phase timeline (--json).
 */
import { fileURLToPath } from 'node:url';
import { timeCommand } from './machine.mjs';
import { fmt, fmtRatio, num, summarize } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const MEDIA_WINDOW_MS = 1000;
const TARGET_RATIO = 1.75;
export const CALL_TEST_ARGS = ['bin/rtcdemo.js', 'call-test', '--duration', '1', '--json'];
const BARE_ARGS = ['bench/bare-launch.mjs'];

export const title = 'Cold call-test vs a bare Chromium launch';

export async function run({ runs, log }) {
  const bare = [];
  const calls = [];
  // One unrecorded run of each first: the first start after a build pays for a cold disk cache.
  for (let r = -1; r < runs; r += 1) {
    log(`cold-start: ${r < 0 ? 'warm-up' : `run ${r + 1}/${runs}`}`);
    const b = await timeCommand(process.execPath, BARE_ARGS, { timeoutMs: 60_000, cwd: root });
    const c = await timeCommand(process.execPath, CALL_TEST_ARGS, { timeoutMs: 120_000, cwd: root });
    if (r < 0) continue;
    bare.push(parseBare(b));
    calls.push(parseCall(c));
  }
  return report(bare, calls, runs);
}

function parseBare(result) {
  if (result.code !== 0) return { wallMs: null, error: lastLine(result.stderr) };
  const phases = JSON.parse(result.stdout.trim().split('\n').at(-1));
  return { wallMs: result.wallMs, ...phases };
}

function parseCall(result) {
  let report = null;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return { wallMs: null, error: lastLine(result.stderr) || `exit ${result.code}` };
  }
  return { wallMs: result.wallMs, verdict: report.verdict, harness: report.harness, bulk: report.metrics.data.bulk, exit: result.code };
}

function lastLine(text) {
  return text.trim().split('\n').at(-1) ?? '';
}

function report(bare, calls, runs) {
  const bareWall = summarize(bare.map((b) => b.wallMs));
  const callWall = summarize(calls.map((c) => c.wallMs));
  const callLessWindow = summarize(calls.map((c) => (c.wallMs === null ? null : c.wallMs - MEDIA_WINDOW_MS)));
  const ratioValue = callLessWindow.median !== null && bareWall.median ? callLessWindow.median / bareWall.median : null;
  // Per-run ratios (each call test against the bare launch just before it) give the spread.
  const perRun = summarize(calls.map((c, i) => (c.wallMs !== null && bare[i]?.wallMs ? (c.wallMs - MEDIA_WINDOW_MS) / bare[i].wallMs : null)));
  const passed = calls.filter((c) => c.verdict === 'pass').length;
  const h = (key) => summarize(calls.map((c) => c.harness?.[key] ?? null));
  const processOverhead = summarize(calls.map((c) => (c.wallMs !== null && c.harness?.totalMs != null ? c.wallMs - c.harness.totalMs : null)));
  const bulk = summarize(calls.map((c) => c.bulk?.throughputMBps ?? null));
  const dataMs = h('dataMs');
  const phaseRows = [
    ['node start, imports, exit (wall − timeline total)', fmt(processOverhead, 'ms', 0), fmt(summarize(bare.map((b) => b.sinceProcessStartMs ?? null)), 'ms', 0) + ' (to first line)'],
    ['browser launch (server starts meanwhile)', fmt(h('browserLaunchMs'), 'ms', 0), fmt(summarize(bare.map((b) => b.launchMs ?? null)), 'ms', 0)],
    ['two agent pages open', fmt(h('pagesMs'), 'ms', 0), `${fmt(summarize(bare.map((b) => b.pageMs ?? null)), 'ms', 0)} (one blank page)`],
    ['signaling (both peers OPEN)', fmt(h('signalingMs'), 'ms', 0), ''],
    ['data check (100 round trips + 4 MiB bulk)', fmt(dataMs, 'ms', 0), ''],
    ['video (call, first frame, 1 s window)', fmt(h('mediaMs'), 'ms', 0), ''],
    ['hang-up detected', fmt(h('hangupMs'), 'ms', 0), ''],
    ['teardown (pages, browser, profile, server)', fmt(h('teardownMs'), 'ms', 0), fmt(summarize(bare.map((b) => b.closeMs ?? null)), 'ms', 0)],
    ['total wall time', fmt(callWall, 'ms', 0), fmt(bareWall, 'ms', 0)],
  ];
  const met = ratioValue !== null && ratioValue < TARGET_RATIO;
  const budgetMs = bareWall.median !== null ? TARGET_RATIO * bareWall.median : null;
  return {
    title,
    headline: { ratio: ratioValue, callWallMs: callWall.median, bareWallMs: bareWall.median },
    intro: [
      `\`node ${CALL_TEST_ARGS.join(' ')}\` (the JSON report carries the phase timeline) against \`node ${BARE_ARGS.join(' ')}\` (launchAgentBrowser, one newPage, close), each timed from spawn to exit, alternating, ${runs} runs after one unrecorded warm-up of each.`,
    ],
    tables: [
      {
        title: 'Wall time',
        columns: ['measure', 'median (min–max)'],
        rows: [
          ['bare launch + new page + close', fmt(bareWall, 'ms', 0)],
          ['call-test --duration 1', fmt(callWall, 'ms', 0)],
          ['call-test minus the 1 s media window', fmt(callLessWindow, 'ms', 0)],
          [`ratio (target < ${TARGET_RATIO}×)`, `${fmtRatio(ratioValue)} (per run ${fmtRatio(perRun.min)}–${fmtRatio(perRun.max)})`],
          ['call tests passed', `${passed} of ${runs}`],
          ['data check bulk throughput', fmt(bulk, 'MB/s', 1)],
        ],
      },
      { title: 'Where the time goes (phase timeline, medians)', columns: ['phase', 'call-test', 'bare launch'], rows: phaseRows },
    ],
    targets: [
      {
        name: 'cold call-test − 1 s window < 1.75× bare launch',
        measured: fmtRatio(ratioValue),
        met,
        why: met
          ? ''
          : `the budget is ${num(budgetMs, 0)} ms and the bare launch itself is ${num(bareWall.median, 0)} ms of it; the call test adds two agent pages (${num(h('pagesMs').median, 0)} ms), the data check (${num(dataMs.median, 0)} ms), the call up to its first frame (${num((h('mediaMs').median ?? 0) - MEDIA_WINDOW_MS, 0)} ms beyond the window) and a larger teardown (${num(h('teardownMs').median, 0)} ms vs ${num(summarize(bare.map((b) => b.closeMs ?? null)).median, 0)} ms)`,
      },
    ],
    notes: [],
  };
}
