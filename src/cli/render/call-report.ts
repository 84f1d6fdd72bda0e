/** `rtcdemo call`'s summary on stdout: a two-column table, or the report as JSON. */
import type { CallReport } from '../../core/call.js';
import type { AudioDirectionMetrics } from '../../core/metrics/types.js';
import { formatCandidatePair, formatMs, renderTable } from './format.js';
import { terminalText } from './terminal-safe.js';
import { describeCandidateErrors, describeGathered } from '../../shared/ice-candidate.js';

const fmt = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));

/** The --json document (print it with terminalJson). */
export function callJson(report: CallReport, serverUrl: string) {
  return { server: serverUrl, ...report };
}

export function renderCallReport(report: CallReport): string {
  const r = report.received;
  const rows = [
    ['call', `${terminalText(report.id)} → ${terminalText(report.to)}`],
    ['getUserMedia', formatMs(report.getUserMediaMs)],
    ['call → remote stream', formatMs(report.callToStreamMs)],
    ['call → first frame', formatMs(report.callToFirstFrameMs)],
    ['window', `${(report.windowMs / 1000).toFixed(1)} s (${report.ended})`],
    ['received', `${fmt(r.fps, 1)} fps, ${r.width ?? '?'}×${r.height ?? '?'}, ${fmt(r.bitrateKbps, 0)} kbps, ${r.codec === null ? 'codec ?' : terminalText(r.codec)}`],
    ['sent', `${fmt(report.sentKbps, 0)} kbps, ${report.sentCodec === null ? 'codec ?' : terminalText(report.sentCodec)}`],
    ['frames decoded', String(r.framesDecoded)],
    ['packets lost', String(r.packetsLost)],
    ['jitter', r.jitterMs === null ? '–' : `${r.jitterMs.toFixed(1)} ms`],
    ['freezes', String(r.freezes)],
    ...audioRows(report.receivedAudio),
    ['candidate pair', formatCandidatePair(report.candidatePair)],
    ['ICE gathered', report.ice ? describeGathered(report.ice.groups) : '–'],
  ];
  // The error text can be a TURN server's reason phrase: untrusted.
  if (report.ice?.errors.length) rows.push(['ICE errors', terminalText(describeCandidateErrors(report.ice.errors))]);
  if (report.signaling.disconnects > 0) {
    rows.push(['signaling server', `lost ${report.signaling.disconnects}× during the call, reconnected ${report.signaling.reconnects}× (media kept flowing peer to peer)`]);
  }
  return `${renderTable(rows)}\n`;
}

/** The audio rows of the call summary: what the fake microphone's beep looked like on arrival. */
export function audioRows(a: AudioDirectionMetrics | null): string[][] {
  if (a === null) return [['audio received', 'none (the answer carried no audio)']];
  return [
    ['audio received', `${fmt(a.bitrateKbps, 0)} kbps, level ${fmt(a.audioLevel, 3)}, ${a.codec === null ? 'codec ?' : terminalText(a.codec)}`],
    ['audio packets', `${a.packetsReceived} received, ${a.packetsLost} lost, jitter ${a.jitterMs === null ? '–' : `${a.jitterMs.toFixed(1)} ms`}`],
    ['audio concealed', `${a.concealedSamples} samples in ${a.concealmentEvents} event${a.concealmentEvents === 1 ? '' : 's'} (${a.concealedPercent === null ? '–' : `${a.concealedPercent.toFixed(2)} %`})`],
  ];
}
