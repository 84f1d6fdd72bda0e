/** The "Network" section of the text report: which lab the call crossed and how the two sides got through. */
import type { ChalkInstance } from 'chalk';
import type { CallTestResult, NetworkReport } from '../../core/call-test/result.js';
import { DASH, formatCandidatePair, formatMs } from './format.js';

export function renderNetwork(network: NetworkReport, result: CallTestResult, c: ChalkInstance): string {
  const pair = result.metrics.video.candidatePair;
  const path = pair ? formatCandidatePair(pair) : 'none selected (the call did not connect)';
  return [
    `${c.bold('Network')} ${network.profile}`,
    `  lab          receiver ${network.addresses.receiver} · sender ${network.addresses.sender} · servers ${network.addresses.wan}`,
    `  ICE servers  ${network.iceServers.length ? network.iceServers.join(', ') : 'none (host candidates only)'}`,
    `  pair         ${path}`,
    `  lab set-up   ${formatMs(network.setupMs)} · tear-down ${network.teardownMs === null ? DASH : formatMs(network.teardownMs)}`,
  ].join('\n');
}
