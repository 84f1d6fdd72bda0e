/**
 * The human-readable call-test report for stdout (the JSON is the same data, unrendered). Sections follow
 * the run: verdict, timeline, data, video, audio, hang-up, where the harness spent its time, then each check with
 * the criteria that failed. Every number carries its unit; percentiles are labelled p50/p95/p99.
 */
import type { ChalkInstance } from 'chalk';
import type { AudioDirectionMetrics, CallTestResult, CheckResult, Criterion, VideoDirectionMetrics } from '../../core/call-test/result.js';
import { isMetricName } from '../../core/call-test/metrics.js';
import { formatMetricValue } from './metric-values.js';
import { DASH, formatBytes, formatCandidatePair, formatMs, formatSeconds, renderTable } from './format.js';
import { terminalText } from './terminal-safe.js';
import { renderSeriesTable } from './series-table.js';
import { renderIce } from './call-test-ice.js';
import { renderNetwork } from './network-section.js';
import { renderBrowsers, showBrowsers } from './browsers-section.js';

export interface RenderReportOptions {
  color: ChalkInstance;
}

export function renderReport(result: CallTestResult, options: RenderReportOptions): string {
  const c = options.color;
  const sections = [
    renderHeader(result, c),
    ...(result.network ? [renderNetwork(result.network, result, c)] : []),
    renderTimeline(result, c),
    renderData(result, c),
    renderVideo(result, c),
    renderAudio(result, c),
    renderIce(result, c),
    renderHangup(result, c),
    renderHarness(result, c),
    ...(showBrowsers(result) ? [renderBrowsers(result, c)] : []),
    ...(result.pairs.length > 1 ? [renderPairs(result, c)] : []),
    renderChecks(result.checks, c),
  ];
  return `${sections.join('\n\n')}\n`;
}

function renderHeader(result: CallTestResult, c: ChalkInstance): string {
  const count = (status: string) => result.checks.filter((k) => k.status === status).length;
  const failed = result.checks.filter((k) => k.status === 'fail').map((k) => k.name);
  const total = formatSeconds(result.harness.totalMs);
  const skipped = count('skipped') ? `, ${count('skipped')} skipped` : '';
  const line =
    result.verdict === 'pass'
      ? c.green.bold(`✓ call-test passed: ${count('pass')} of ${result.checks.length} checks in ${total}${skipped ? ` (${count('skipped')} skipped)` : ''}`)
      : c.red.bold(`✗ call-test failed: ${failed.length ? failed.join(', ') : 'no check passed'} (${count('pass')} passed, ${failed.length} failed${skipped}; ${total})`);
  const o = result.options;
  const about = [
    `rtcdemo ${result.tool.version}`,
    result.environment.browser ?? 'browser unknown',
    result.environment.platform,
    o.server ? `server ${o.server}` : 'built-in server',
    `${o.messages} × ${formatBytes(o.size)} messages (${o.serialization})`,
    `${formatSeconds(o.durationMs)} media window`,
  ];
  return `${line}\n${c.dim(`  ${about.join(' · ')}`)}`;
}

function renderTimeline(result: CallTestResult, c: ChalkInstance): string {
  let previous = 0;
  const rows = result.timeline.map((entry) => {
    const delta = entry.atMs - previous;
    previous = entry.atMs;
    return [entry.phase, `+${formatMs(entry.atMs)}`, c.dim(`Δ ${formatMs(delta)}`)];
  });
  if (rows.length === 0) return `${heading(c, 'Timeline')}\n  ${DASH}`;
  return `${heading(c, 'Timeline')}\n${renderTable([['phase', 'since start', 'since previous'].map((h) => c.dim(h)), ...rows], { indent: '  ' })}`;
}

function renderData(result: CallTestResult, c: ChalkInstance): string {
  const d = result.metrics.data;
  const bad = (n: number) => (n > 0 ? c.red(String(n)) : String(n));
  const counts = renderTable(
    [
      ['sent', 'delivered', 'lost', 'duplicated', 'reordered', 'corrupted'].map((h) => c.dim(h)),
      [String(d.sent), d.delivered === d.sent ? String(d.delivered) : c.red(String(d.delivered)), bad(d.lost), bad(d.duplicated), bad(d.reordered), bad(d.corrupted)],
    ],
    { indent: '  ' },
  );
  const rtt = renderTable(
    [
      ['RTT', 'p50', 'p95', 'p99', 'max', 'mean'].map((h) => c.dim(h)),
      [`${d.rtt.samples} samples`, formatMs(d.rtt.p50), formatMs(d.rtt.p95), formatMs(d.rtt.p99), formatMs(d.rtt.max), formatMs(d.rtt.mean)],
    ],
    { indent: '  ' },
  );
  const rate = d.bulk.throughputMBps === null ? DASH : `${d.bulk.throughputMBps.toFixed(2)} MB/s`;
  const bulk = `  bulk: ${formatBytes(d.bulk.bytes)} in ${formatMs(d.bulk.ms)} → ${rate}`;
  const title = `Data (${d.serialization}, ${formatBytes(d.messageBytes)} messages, connection open in ${formatMs(d.connectionOpenMs)})`;
  return `${heading(c, title)}\n${counts}\n${rtt}\n${bulk}`;
}

function renderVideo(result: CallTestResult, c: ChalkInstance): string {
  const v = result.metrics.video;
  const both = (label: string, pick: (m: VideoDirectionMetrics) => string) => [label, pick(v.toReceiver), pick(v.toSender)];
  const table = renderTable(
    [
      ['', 'to receiver', 'to sender'].map((h) => c.dim(h)),
      both('fps', (m) => (m.fps === null ? DASH : `${m.fps.toFixed(1)} fps`)),
      both('resolution', (m) => (m.width === null || m.height === null ? DASH : `${m.width}×${m.height}`)),
      both('bitrate', (m) => (m.bitrateKbps === null ? DASH : `${Math.round(m.bitrateKbps)} kbps`)),
      both('frames decoded', (m) => String(m.framesDecoded)),
      both('packets lost', (m) => String(m.packetsLost)),
      both('jitter', (m) => formatMs(m.jitterMs)),
      both('freezes', (m) => String(m.freezes)),
      both('codec', (m) => (m.codec === null ? DASH : terminalText(m.codec))),
    ],
    { indent: '  ' },
  );
  const timings = [
    `getUserMedia ${formatMs(v.getUserMediaMs)}`,
    `call → stream ${formatMs(v.callToStreamMs)}`,
    `call → first frame ${formatMs(v.firstFrameMs)}`,
    `candidate pair ${formatCandidatePair(v.candidatePair)}`,
  ];
  const series = renderSeriesTable(v.series, c);
  const perSecond = series ? `\n  ${c.dim('per second (kbps received; "may send": the sending side\'s bandwidth estimate, kbps)')}\n${series}` : '';
  return `${heading(c, `Video (${formatSeconds(v.windowMs)} window)`)}\n${table}\n  ${timings.join(' · ')}${perSecond}`;
}

/** The fake microphones' beep, both ways, in the video's window. */
function renderAudio(result: CallTestResult, c: ChalkInstance): string {
  const a = result.metrics.audio;
  if (a.toReceiver === null && a.toSender === null) return `${heading(c, 'Audio')} none (the call carried no audio)`;
  const both = (label: string, pick: (m: AudioDirectionMetrics) => string) => [label, a.toReceiver ? pick(a.toReceiver) : DASH, a.toSender ? pick(a.toSender) : DASH];
  const table = renderTable(
    [
      ['', 'to receiver', 'to sender'].map((h) => c.dim(h)),
      both('level (RMS)', (m) => (m.audioLevel === null ? DASH : m.audioLevel.toFixed(3))),
      both('bitrate', (m) => (m.bitrateKbps === null ? DASH : `${Math.round(m.bitrateKbps)} kbps`)),
      both('packets', (m) => `${m.packetsReceived} received, ${m.packetsLost} lost`),
      both('jitter', (m) => formatMs(m.jitterMs)),
      both('concealed', (m) => `${m.concealedSamples} samples, ${m.concealmentEvents} event${m.concealmentEvents === 1 ? '' : 's'}${m.concealedPercent === null ? '' : ` (${m.concealedPercent.toFixed(1)} %)`}`),
      both('codec', (m) => (m.codec === null ? DASH : terminalText(m.codec))),
    ],
    { indent: '  ' },
  );
  return `${heading(c, 'Audio')}
${table}`;
}

function renderHangup(result: CallTestResult, c: ChalkInstance): string {
  const h = result.metrics.hangup;
  const text = h.detectMs === null ? 'not detected' : `detected after ${formatMs(h.detectMs)}${h.detectedBy ? ` (${h.detectedBy})` : ''}`;
  return `${heading(c, 'Hang-up')} ${text}`;
}

function renderHarness(result: CallTestResult, c: ChalkInstance): string {
  const h = result.harness;
  const parts: Array<[string, number | null]> = [
    ['server', h.serverMs],
    ['launch', h.browserLaunchMs],
    ['pages', h.pagesMs],
    ['signaling', h.signalingMs],
    ['data', h.dataMs],
    ['media', h.mediaMs],
    ['hang-up', h.hangupMs],
    ['teardown', h.teardownMs],
    ['total', h.totalMs],
  ];
  return `${heading(c, 'Harness')} ${parts.map(([label, ms]) => `${label} ${formatMs(ms)}`).join(' · ')}`;
}

/** With --pairs, one row per pair (the sections above show the first pair in detail). */
function renderPairs(result: CallTestResult, c: ChalkInstance): string {
  const fps = (v: number | null) => (v === null ? DASH : `${v.toFixed(1)} fps`);
  // "1 ← 2": the receiver's browser ← the sender's (browsers[].index).
  const several = result.browsers.length > 1;
  const rows = [
    ['pair', ...(several ? ['browsers'] : []), 'verdict', 'delivered', 'RTT p50', 'RTT p95', 'MB/s', 'fps → receiver', 'fps → sender', 'hang-up'],
    ...result.pairs.map((p) => {
      const m = p.metrics;
      return [
        String(p.index),
        ...(several ? [`${p.receiverBrowser ?? DASH} ← ${p.senderBrowser ?? DASH}`] : []),
        p.verdict === 'pass' ? c.green('pass') : c.red('fail'),
        `${m.data.delivered}/${result.options.messages}`,
        formatMs(m.data.rtt.p50),
        formatMs(m.data.rtt.p95),
        m.data.bulk.throughputMBps === null ? DASH : m.data.bulk.throughputMBps.toFixed(2),
        fps(m.video.toReceiver.fps),
        fps(m.video.toSender.fps),
        formatMs(m.hangup.detectMs),
      ];
    }),
  ];
  const passed = result.pairs.filter((p) => p.verdict === 'pass').length;
  return `${heading(c, `Pairs (${passed} of ${result.pairs.length} passed; details above are pair 1)`)}\n${renderTable(rows, { indent: '  ' })}`;
}

function renderChecks(checks: CheckResult[], c: ChalkInstance): string {
  const lines = [heading(c, 'Checks')];
  for (const check of checks) {
    const duration = check.durationMs === null ? '' : c.dim(` ${formatMs(check.durationMs)}`);
    if (check.status === 'skipped') {
      lines.push(`  ${c.dim(`– ${check.name} skipped${check.error ? `: ${indentBlock(check.error, '    ')}` : ''}`)}`);
      continue;
    }
    const met = check.criteria.filter((k) => k.pass).length;
    const mark = check.status === 'pass' ? c.green('✓') : c.red('✗');
    lines.push(`  ${mark} ${check.name}${duration} ${c.dim(`(${met} of ${check.criteria.length} criteria met)`)}`);
    if (check.error) lines.push(`      ${c.red(`error: ${indentBlock(check.error, '        ')}`)}`);
    // Failed criteria, and the user's own --expect even when met: they asked about those numbers.
    for (const criterion of check.criteria) {
      if (!criterion.pass || criterion.source === 'expect') lines.push(`      ${formatCriterion(criterion, c)}`);
    }
  }
  return lines.join('\n');
}

/** `✗ video.fps 8.2 fps (expected >= 10)`; `--expect` criteria say so. */
export function formatCriterion(criterion: Criterion, c: ChalkInstance): string {
  const value = isMetricName(criterion.metric) ? formatMetricValue(criterion.metric, criterion.actual) : String(criterion.actual ?? 'not measured');
  const from = criterion.source === 'expect' ? ', --expect' : '';
  const mark = criterion.pass ? c.green('✓') : c.red('✗');
  return `${mark} ${criterion.metric} ${value} ${c.dim(`(expected ${criterion.op} ${criterion.expected}${from})`)}`;
}

/**
 * Error text comes from the browser and can hold anything: continuation lines are indented under the first,
 * C0 controls (an ANSI escape in a page's message could repaint the terminal) become U+FFFD, and each line
 * then goes through terminalText (C1 controls, bidi overrides, length).
 */
function indentBlock(text: string, indent: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
  return safe.split('\n').map((line) => terminalText(line)).join(`\n${indent}`);
}

function heading(c: ChalkInstance, text: string): string {
  return c.bold(text);
}
