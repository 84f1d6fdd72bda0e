/**
 * `rtcdemo call --report`: the call's HTML report model. One direction (what the caller received; the
 * other side may be any PeerJS page), its snapshots, its per-second readings as charts, no verdict.
 */
import type { CallReport } from '../../../core/call.js';
import { formatMs, formatSeconds } from '../format.js';
import { audioRows, candidatePairText, directionView, seriesCharts, type HtmlReportModel, type SnapshotEvent } from './report-model.js';
import { seriesOfCallSeconds } from './series-source.js';

const ENDED: Record<CallReport['ended'], string> = {
  duration: 'ended after --duration',
  interrupted: 'interrupted',
  'remote-hung-up': 'the other side hung up',
  'remote-lost': 'the other side was lost (no hang-up)',
};

export interface CallReportContext {
  serverUrl: string;
  version: string;
  os: string;
  platform: string;
  startedAt: string;
  snapshots: readonly SnapshotEvent[];
}

export function buildCallReportModel(report: CallReport, context: CallReportContext): HtmlReportModel {
  const anchor = 'call';
  const r = report.received;
  const dash = (v: number | null, text: (v: number) => string) => (v === null ? '–' : text(v));
  const charts = seriesCharts(anchor, { toReceiver: seriesOfCallSeconds(report.seconds), toSender: [] }, { toReceiver: `from ${report.to}`, toSender: '' });
  return {
    title: `rtcdemo call: ${report.id} → ${report.to}`,
    verdict: null,
    headline: `call ${report.id} → ${report.to}: ${formatSeconds(report.windowMs)} of video, ${ENDED[report.ended]}`,
    startedAt: context.startedAt,
    checks: [],
    environment: [
      { label: 'rtcdemo', value: context.version },
      { label: 'OS', value: `${context.os} · ${context.platform}` },
      { label: 'server', value: context.serverUrl },
      { label: 'started', value: context.startedAt },
    ],
    waterfall: null,
    pairSummary: null,
    sections: [
      {
        anchor,
        title: `${report.id} → ${report.to}`,
        verdict: null,
        checks: null,
        directions: [directionView('toReceiver', `${report.to} → ${report.id}`, `${report.to}'s camera as ${report.id} decoded it`, 'caller', context, anchor)],
        videoRows: [
          ['fps', dash(r.fps, (v) => `${v.toFixed(1)} fps`)],
          ['resolution', r.width === null || r.height === null ? '–' : `${r.width}×${r.height}`],
          ['received bitrate', dash(r.bitrateKbps, (v) => `${Math.round(v)} kbps`)],
          ['sent bitrate', dash(report.sentKbps, (v) => `${Math.round(v)} kbps`)],
          ['frames decoded', String(r.framesDecoded)],
          ['packets lost', String(r.packetsLost)],
          ['jitter (max)', formatMs(r.jitterMs)],
          ['freezes', String(r.freezes)],
          ['codec', r.codec ?? '–'],
        ],
        audioRows: report.receivedAudio ? audioRows(report.receivedAudio, null)!.map((row) => row.slice(0, 2)) : null,
        videoFacts: [
          { label: 'peer open', value: formatMs(report.peerOpenMs) },
          { label: 'getUserMedia', value: formatMs(report.getUserMediaMs) },
          { label: 'call → stream', value: formatMs(report.callToStreamMs) },
          { label: 'call → first frame', value: formatMs(report.callToFirstFrameMs) },
          { label: 'candidate pair', value: candidatePairText(report.candidatePair) },
          ...(report.signaling.disconnects ? [{ label: 'signaling server', value: `lost ${report.signaling.disconnects}×, reconnected ${report.signaling.reconnects}×` }] : []),
        ],
        charts,
        chartsNote: charts.length ? null : 'The call ended before a second was measured.',
        data: null,
        hangupTitle: 'End of the call',
        hangup: ENDED[report.ended],
      },
    ],
  };
}
