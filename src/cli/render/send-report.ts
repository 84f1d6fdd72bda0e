/** `rtcdemo send`'s report on stdout: timings and how delivery was confirmed, or the report as JSON. */
import type { ChalkInstance } from 'chalk';
import type { SendReport } from '../../core/send.js';
import { summarizeRtt } from '../../core/metrics/stats.js';
import { formatMs } from './format.js';
import { terminalText } from './terminal-safe.js';
import { describeCandidateErrors, describeGathered, describePair } from '../../shared/ice-candidate.js';

/** The --json document (print it with terminalJson). */
export function sendJson(report: SendReport, serverUrl: string) {
  const rtts = report.messages.flatMap((m) => (m.rttMs === null ? [] : [m.rttMs]));
  return {
    server: serverUrl,
    id: report.id,
    to: report.to,
    serialization: report.serialization,
    peerOpenMs: report.peerOpenMs,
    connectionOpenMs: report.connectionOpenMs,
    remoteIsRtcdemo: report.remoteIsRtcdemo,
    helloWaitMs: report.helloWaitMs,
    sent: report.messages.length,
    acknowledged: report.messages.filter((m) => m.delivery === 'acknowledged').length,
    rttMs: summarizeRtt(rtts),
    messages: report.messages,
    ice: report.ice,
  };
}

export function renderSendReport(report: SendReport, c: ChalkInstance): string {
  const acked = report.messages.filter((m) => m.delivery === 'acknowledged');
  const lines = [
    `peer open        ${formatMs(report.peerOpenMs)}  (as "${terminalText(report.id)}")`,
    `connection open  ${formatMs(report.connectionOpenMs)}  (to "${terminalText(report.to)}", reliable, ${report.serialization})`,
  ];
  if (report.remoteIsRtcdemo) {
    const rtt = summarizeRtt(acked.map((m) => m.rttMs ?? 0));
    const all = acked.length === report.messages.length;
    const status = all ? c.green('delivered') : c.red('NOT all acknowledged');
    lines.push(
      report.messages.length === 1
        ? `${status}        acknowledged, round trip ${formatMs(rtt.p50)}`
        : `${status}        ${acked.length}/${report.messages.length} acknowledged, round trip p50 ${formatMs(rtt.p50)}, p95 ${formatMs(rtt.p95)}, max ${formatMs(rtt.max)}`,
    );
  } else {
    const drain = report.messages.at(-1)?.drainMs ?? null;
    const drained = drain === null ? 'buffer not drained in time' : `buffer drained ${formatMs(drain)} after sending`;
    lines.push(`${c.yellow('sent')}             ${report.messages.length} message(s), ${drained}`);
    lines.push(`no hello in ${formatMs(report.helloWaitMs)}: the receiver is a plain PeerJS page, which does not acknowledge`);
  }
  if (report.ice) {
    lines.push(`ICE gathered     ${describeGathered(report.ice.groups)}`);
    lines.push(`selected pair    ${terminalText(describePair(report.ice.selectedPair))}`);
    // The error text can be a TURN server's reason phrase: untrusted.
    if (report.ice.errors.length) lines.push(c.red(`ICE errors       ${terminalText(describeCandidateErrors(report.ice.errors))}`));
  }
  return `${lines.join('\n')}\n`;
}
