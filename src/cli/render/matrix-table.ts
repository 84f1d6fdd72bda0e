/**
 * `call-test --matrix`: one row per ordered browser pair (sender → receiver), each check's verdict, then the
 * numbers that differ between browsers: time to first frame, fps and codec each way ("→" the sender's camera
 * at the receiver, "←" the receiver's at the sender), data round trip p50 and bulk throughput.
 */
import type { ChalkInstance } from 'chalk';
import type { CallTestMatrixResult, MatrixRun } from '../../core/call-test/run-matrix.js';
import type { CheckStatus } from '../../core/call-test/result.js';
import { DASH, formatMs, renderTable } from './format.js';
import { terminalText } from './terminal-safe.js';

const CHECK_NAMES = ['signaling', 'data', 'video', 'hangup'] as const;

export function renderMatrix(matrix: CallTestMatrixResult, c: ChalkInstance): string {
  const passed = matrix.runs.filter((r) => r.verdict === 'pass').length;
  const head =
    matrix.verdict === 'pass'
      ? c.green.bold(`✓ call-test matrix passed: ${passed} of ${matrix.runs.length} browser pairs`)
      : c.red.bold(`✗ call-test matrix failed: ${passed} of ${matrix.runs.length} browser pairs passed`);
  const header = ['sender → receiver', ...CHECK_NAMES, 'first frame', 'fps →', 'fps ←', 'codec →', 'codec ←', 'RTT p50', 'throughput', 'verdict'];
  const rows = matrix.runs.map((run) => renderRow(run, c));
  const versions = versionLines(matrix);
  const errors = matrix.runs.flatMap((run) => runErrors(run).map((e) => `  ${pairName(run)}: ${e}`));
  const missing = matrix.missing.map((m) => c.yellow(`  not paired: ${m.reason}`));
  return [head, '', renderTable([header, ...rows], { indent: '  ' }), '', ...versions, ...(errors.length ? ['', ...errors] : []), ...missing, ''].join('\n');
}

function renderRow(run: MatrixRun, c: ChalkInstance): string[] {
  const status = (name: (typeof CHECK_NAMES)[number]): string => {
    const check = run.result?.checks.find((k) => k.name === name);
    return check ? statusMark(check.status, c) : c.red('✗');
  };
  const m = run.result?.metrics;
  const fps = (v: number | null | undefined) => (v === null || v === undefined ? DASH : `${v.toFixed(1)} fps`);
  const codec = (v: string | null | undefined) => (v ? terminalText(v.replace(/^video\//i, '')) : DASH);
  const mbps = m?.data.bulk.throughputMBps;
  return [
    pairName(run),
    ...CHECK_NAMES.map(status),
    formatMs(m?.video.firstFrameMs),
    fps(m?.video.toReceiver.fps),
    fps(m?.video.toSender.fps),
    codec(m?.video.toReceiver.codec),
    codec(m?.video.toSender.codec),
    formatMs(m?.data.rtt.p50),
    mbps === null || mbps === undefined ? DASH : `${mbps.toFixed(1)} MB/s`,
    run.verdict === 'pass' ? c.green('pass') : c.red('FAIL'),
  ];
}

function statusMark(status: CheckStatus, c: ChalkInstance): string {
  return status === 'pass' ? c.green('✓') : status === 'skipped' ? c.yellow('–') : c.red('✗');
}

function pairName(run: MatrixRun): string {
  return `${terminalText(shortName(run.sender))} → ${terminalText(shortName(run.receiver))}`;
}

/** A path shows as its file name; chromium and firefox as themselves. */
function shortName(spec: string): string {
  return spec.split(/[\\/]/).pop() ?? spec;
}

function versionLines(matrix: CallTestMatrixResult): string[] {
  const seen = new Set<string>();
  // environment.browser is one version, or "receiver: …; sender: …" when the two sides differ.
  for (const run of matrix.runs) for (const part of run.result?.environment.browser?.split('; ') ?? []) seen.add(part.replace(/^(receiver|sender): /, ''));
  return [...seen].map((v) => `  ${terminalText(v)}`);
}

function runErrors(run: MatrixRun): string[] {
  if (run.error) return [terminalText(run.error)];
  return (run.result?.checks ?? []).filter((k) => k.status === 'fail').map((k) => `${k.name}: ${terminalText(k.error ?? k.criteria.filter((x) => !x.pass).map((x) => `${x.metric} ${x.actual ?? 'not measured'} (expected ${x.op} ${x.expected})`).join('; '))}`);
}
