/**
 * The HTML report as data: everything the page shows, already ordered and formatted, built from a
 * CallTestResult (or a CallReport) and the snapshots and RTT samples the run reported as events.
 * Pure: render-html.ts turns it into the document, and tests read it without a browser.
 */
import type { AudioDirectionMetrics, CallTestResult, CheckResult, Criterion, PairResult, VideoDirectionMetrics } from '../../../core/call-test/result.js';
import type { RtcdemoEventOf } from '../../../core/events.js';
import type { CandidatePairInfo } from '../../../protocol.js';
import { isMetricName, metricDefinition } from '../../../core/call-test/metrics.js';
import { formatMetricValue } from '../metric-values.js';
import { DASH, formatBytes, formatMs, formatSeconds } from '../format.js';
import { dataView, type DataView } from './data-view.js';
import { seriesOfCallTest } from './series-source.js';
import { seriesCharts, type ChartView } from './chart-views.js';

export { seriesCharts, type ChartView, type ChartSeries } from './chart-views.js';
import { waterfallRows, type WaterfallRow } from './waterfall.js';
import { safeImageDataUrl } from './escape-html.js';

export type SnapshotEvent = RtcdemoEventOf<'video-snapshot'>;
export type RttSamplesEvent = RtcdemoEventOf<'data-check-rtt'>;

/** What the run reported besides its result, and facts about the machine the CLI knows. */
export interface ReportExtras {
  snapshots: readonly SnapshotEvent[];
  rttSamples: readonly RttSamplesEvent[];
  /** e.g. "Linux 6.1.0 (x64)"; the result only has the platform. */
  os?: string;
  /** The network lab profile, where one was used. */
  networkProfile?: string | null;
}

export interface HtmlReportModel {
  title: string;
  /** null for commands without a verdict (`call`). */
  verdict: 'pass' | 'fail' | null;
  headline: string;
  startedAt: string;
  /** Failed first, then skipped, then passed (each in run order). */
  checks: CheckView[];
  environment: Array<{ label: string; value: string }>;
  waterfall: { rows: WaterfallRow[]; totalMs: number } | null;
  pairSummary: PairSummaryRow[] | null;
  sections: PairSection[];
}

export interface CheckView {
  name: string;
  status: 'pass' | 'fail' | 'skipped';
  duration: string;
  error: string | null;
  criteria: CriterionView[];
}

export interface CriterionView {
  metric: string;
  description: string;
  actual: string;
  expected: string;
  pass: boolean;
  source: 'default' | 'expect';
}

export interface PairSummaryRow {
  pair: number;
  anchor: string;
  ids: string;
  verdict: 'pass' | 'fail';
  failed: string;
  delivered: string;
  rttP95: string;
  throughput: string;
  fpsToReceiver: string;
  fpsToSender: string;
  hangup: string;
}

export interface SnapshotView {
  moment: 'first frame' | 'last frame';
  /** A validated image data URL, or null with `error`. */
  dataUrl: string | null;
  width: number | null;
  height: number | null;
  error: string | null;
  /** The file name under --report-dir. */
  fileName: string;
}

export interface DirectionView {
  key: 'toReceiver' | 'toSender';
  title: string;
  caption: string;
  snapshots: SnapshotView[];
}

export interface PairSection {
  anchor: string;
  title: string;
  verdict: 'pass' | 'fail' | null;
  /** This pair's own checks (only with several pairs; the top list merges them). */
  checks: CheckView[] | null;
  directions: DirectionView[];
  /** A label, then one cell per direction. */
  videoRows: string[][];
  /** The fake microphones, as videoRows; null when no direction carried audio. */
  audioRows: string[][] | null;
  videoFacts: Array<{ label: string; value: string }>;
  charts: ChartView[];
  /** Why there are no charts, when there are none. */
  chartsNote: string | null;
  data: DataView | null;
  hangup: string | null;
  /** The heading over `hangup` ("Hang-up"; "End of the call" for `call`). */
  hangupTitle: string;
}

const STATUS_ORDER = { fail: 0, skipped: 1, pass: 2 } as const;

export function orderChecks(checks: readonly CheckResult[]): CheckView[] {
  return checks
    .map((check, i) => ({ check, i }))
    .sort((a, b) => STATUS_ORDER[a.check.status] - STATUS_ORDER[b.check.status] || a.i - b.i)
    .map(({ check }) => ({
      name: check.name,
      status: check.status,
      duration: formatMs(check.durationMs),
      error: check.error,
      // Failed criteria first inside a check too: the reader came for them.
      criteria: [...check.criteria].sort((a, b) => Number(a.pass) - Number(b.pass)).map(criterionView),
    }));
}

function criterionView(c: Criterion): CriterionView {
  const name = c.metric;
  const definition = isMetricName(name) ? metricDefinition(name) : null;
  const unit = definition?.unit ?? null;
  return {
    metric: name,
    description: definition?.description ?? '',
    actual: isMetricName(name) ? formatMetricValue(name, c.actual) : c.actual === null ? 'not measured' : String(c.actual),
    // The threshold as the user wrote it (`>= 10 fps`, `<= 10000 ms`), not rounded like a measurement.
    expected: `${c.op} ${c.expected}${unit ? ` ${unit}` : ''}`,
    pass: c.pass,
    source: c.source,
  };
}

export function buildCallTestReportModel(result: CallTestResult, extras: ReportExtras): HtmlReportModel {
  const passed = result.checks.filter((k) => k.status === 'pass').length;
  const failed = result.checks.filter((k) => k.status === 'fail').map((k) => k.name);
  const total = formatSeconds(result.harness.totalMs);
  const headline =
    result.verdict === 'pass'
      ? `call-test passed: ${passed} of ${result.checks.length} checks in ${total}`
      : `call-test failed: ${failed.length ? failed.join(', ') : 'no check passed'} (${passed} of ${result.checks.length} passed; ${total})`;
  const several = result.pairs.length > 1;
  const rows = waterfallRows(result.timeline, { externalServer: result.options.server !== null });
  const lastMs = Math.max(0, ...result.timeline.map((e) => e.atMs));
  return {
    title: `rtcdemo call-test: ${result.verdict}`,
    verdict: result.verdict,
    headline,
    startedAt: result.startedAt,
    checks: orderChecks(result.checks),
    environment: environmentRows(result, extras),
    waterfall: rows.length ? { rows, totalMs: lastMs } : null,
    pairSummary: several ? result.pairs.map(pairSummaryRow) : null,
    sections: result.pairs.map((pair) => pairSection(result, pair, extras, several)),
  };
}

function environmentRows(result: CallTestResult, extras: ReportExtras): Array<{ label: string; value: string }> {
  const o = result.options;
  const rows = [
    { label: 'rtcdemo', value: result.tool.version },
    { label: 'browser', value: result.environment.browser ?? 'unknown' },
    { label: 'OS', value: extras.os ? `${extras.os} · ${result.environment.platform}` : result.environment.platform },
    { label: 'Node.js', value: `${result.environment.node} · ${result.environment.cores} cores` },
    { label: 'server', value: o.server ?? 'built-in (started on a free loopback port)' },
    { label: 'data check', value: `${o.messages} × ${formatBytes(o.size)} messages (${o.serialization}), bulk ${o.bulkBytes ? formatBytes(o.bulkBytes) : 'skipped'}` },
    { label: 'media window', value: formatSeconds(o.durationMs) },
    { label: 'pairs', value: String(o.pairs) },
    { label: 'started', value: result.startedAt },
  ];
  const ice = o.ice;
  const turn = ice.turn ? `rtcdemo's TURN server on ${ice.turn.listenIp} (${ice.turn.transports.join(', ')})` : null;
  const servers = ice.servers.flatMap((s) => s.urls).join(', ');
  rows.splice(5, 0, { label: 'ICE', value: [ice.policy === 'relay' ? 'relay only' : 'all candidates', turn, servers ? `servers ${servers}` : 'no ICE servers'].filter(Boolean).join(' · ') });
  if (extras.networkProfile) rows.splice(5, 0, { label: 'network profile', value: extras.networkProfile });
  return rows;
}

function pairSummaryRow(pair: PairResult): PairSummaryRow {
  const m = pair.metrics;
  const fps = (v: number | null) => (v === null ? DASH : `${v.toFixed(1)} fps`);
  return {
    pair: pair.index,
    anchor: `pair-${pair.index}`,
    ids: `${pair.receiverId} ⇄ ${pair.senderId}`,
    verdict: pair.verdict,
    failed: pair.checks.filter((k) => k.status === 'fail').map((k) => k.name).join(', ') || DASH,
    delivered: `${m.data.delivered}/${m.data.sent || m.data.delivered + m.data.lost}`,
    rttP95: formatMs(m.data.rtt.p95),
    throughput: m.data.bulk.throughputMBps === null ? DASH : `${m.data.bulk.throughputMBps.toFixed(2)} MB/s`,
    fpsToReceiver: fps(m.video.toReceiver.fps),
    fpsToSender: fps(m.video.toSender.fps),
    hangup: formatMs(m.hangup.detectMs),
  };
}

function pairSection(result: CallTestResult, pair: PairResult, extras: ReportExtras, several: boolean): PairSection {
  const m = pair.metrics;
  const anchor = `pair-${pair.index}`;
  const series = seriesOfCallTest(m);
  const charts = series ? seriesCharts(anchor, series, { toReceiver: `${pair.senderId} → ${pair.receiverId}`, toSender: `${pair.receiverId} → ${pair.senderId}` }) : [];
  const samples = extras.rttSamples.find((e) => e.agent === pair.senderId && e.peer === pair.receiverId)?.samplesMs ?? [];
  const v = m.video;
  return {
    anchor,
    title: several ? `Pair ${pair.index}: ${pair.receiverId} ⇄ ${pair.senderId}` : `${pair.receiverId} ⇄ ${pair.senderId}`,
    verdict: pair.verdict,
    checks: several ? orderChecks(pair.checks) : null,
    directions: [
      directionView('toReceiver', `${pair.senderId} → ${pair.receiverId}`, `${pair.senderId}'s camera as ${pair.receiverId} decoded it`, pair.receiverId, extras, anchor),
      directionView('toSender', `${pair.receiverId} → ${pair.senderId}`, `${pair.receiverId}'s camera as ${pair.senderId} decoded it`, pair.senderId, extras, anchor),
    ],
    videoRows: videoRows(v.toReceiver, v.toSender),
    audioRows: audioRows(m.audio.toReceiver, m.audio.toSender),
    videoFacts: [
      { label: 'getUserMedia', value: formatMs(v.getUserMediaMs) },
      { label: 'call → stream', value: formatMs(v.callToStreamMs) },
      { label: 'call → first frame', value: formatMs(v.firstFrameMs) },
      { label: 'window', value: formatSeconds(v.windowMs) },
      { label: 'candidate pair', value: candidatePairText(v.candidatePair) },
    ],
    charts,
    chartsNote: charts.length ? null : 'No per-second series in this result (the media window did not run, or this rtcdemo does not record one).',
    data: dataView(result, pair, samples, anchor),
    hangupTitle: 'Hang-up',
    hangup: m.hangup.detectMs === null ? 'not detected' : `noticed ${formatMs(m.hangup.detectMs)} after the sender closed its tab${m.hangup.detectedBy ? ` (${m.hangup.detectedBy})` : ''}`,
  };
}

export function directionView(key: DirectionView['key'], title: string, caption: string, decodedBy: string, extras: Pick<ReportExtras, 'snapshots'>, anchor: string): DirectionView {
  const moments = [
    ['first-frame', 'first frame'],
    ['last-frame', 'last frame'],
  ] as const;
  return {
    key,
    title,
    caption,
    snapshots: moments.map(([moment, label]) => {
      const event = extras.snapshots.find((e) => e.agent === decodedBy && e.moment === moment);
      const dataUrl = event?.snapshot ? safeImageDataUrl(event.snapshot.dataUrl) : null;
      const ext = event?.snapshot?.mimeType === 'image/png' ? 'png' : 'jpg';
      return {
        moment: label,
        dataUrl,
        width: dataUrl ? event!.snapshot!.width : null,
        height: dataUrl ? event!.snapshot!.height : null,
        error: dataUrl ? null : (event?.error ?? (event?.snapshot ? 'the page returned an image that is not a JPEG or PNG data URL' : 'not taken (the call did not get this far)')),
        fileName: `${anchor}-${key === 'toReceiver' ? 'to-receiver' : 'to-sender'}-${moment}.${ext}`,
      };
    }),
  };
}

export function videoRows(toReceiver: VideoDirectionMetrics, toSender: VideoDirectionMetrics): Array<[string, string, string]> {
  const both = (label: string, pick: (m: VideoDirectionMetrics) => string): [string, string, string] => [label, pick(toReceiver), pick(toSender)];
  return [
    both('fps', (m) => (m.fps === null ? DASH : `${m.fps.toFixed(1)} fps`)),
    both('resolution', (m) => (m.width === null || m.height === null ? DASH : `${m.width}×${m.height}`)),
    both('bitrate', (m) => (m.bitrateKbps === null ? DASH : `${Math.round(m.bitrateKbps)} kbps`)),
    both('frames decoded', (m) => String(m.framesDecoded)),
    both('packets lost', (m) => String(m.packetsLost)),
    both('jitter (max)', (m) => formatMs(m.jitterMs)),
    both('freezes', (m) => String(m.freezes)),
    both('codec', (m) => m.codec ?? DASH),
  ];
}

/** The same rows as the terminal report's Audio table. */
export function audioRows(toReceiver: AudioDirectionMetrics | null, toSender: AudioDirectionMetrics | null): string[][] | null {
  if (!toReceiver && !toSender) return null;
  const both = (label: string, pick: (m: AudioDirectionMetrics) => string) => [label, toReceiver ? pick(toReceiver) : DASH, toSender ? pick(toSender) : DASH];
  return [
    both('level (RMS)', (m) => (m.audioLevel === null ? DASH : m.audioLevel.toFixed(3))),
    both('bitrate', (m) => (m.bitrateKbps === null ? DASH : `${Math.round(m.bitrateKbps)} kbps`)),
    both('packets', (m) => `${m.packetsReceived} received, ${m.packetsLost} lost`),
    both('jitter (max)', (m) => formatMs(m.jitterMs)),
    both('concealed', (m) => `${m.concealedSamples} samples${m.concealedPercent === null ? '' : ` (${m.concealedPercent.toFixed(1)} %)`}`),
    both('codec', (m) => m.codec ?? DASH),
  ];
}

export function candidatePairText(pair: CandidatePairInfo | null): string {
  if (!pair) return DASH;
  const end = (c: CandidatePairInfo['local']) => `${c.type}/${c.protocol}`;
  return `${end(pair.local)} ↔ ${end(pair.remote)}${pair.currentRoundTripTimeMs === null ? '' : ` (RTT ${formatMs(pair.currentRoundTripTimeMs)})`}`;
}
