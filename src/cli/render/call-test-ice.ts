/**
 * The ICE section of the call-test text report: the servers used (never their credentials), what each side
 * gathered, how soon, the selected pair both ways, and the STUN/TURN errors. Error text can come from a
 * TURN server (its reason phrase), so it goes through terminalText.
 */
import type { ChalkInstance } from 'chalk';
import { DASH, formatMs, renderTable } from './format.js';
import { terminalText } from './terminal-safe.js';
import { CANDIDATE_TYPES, describeCandidateErrors, describeGathered, describePair, type IceSideSummary } from '../../shared/ice-candidate.js';
import type { CallTestResult, IceConnectionSides } from '../../core/call-test/result.js';

export function renderIce(result: CallTestResult, c: ChalkInstance): string {
  const o = result.options.ice;
  const servers = o.servers.length
    ? o.servers.map((s) => `${s.urls.join(', ')}${s.credentials ? ' (credentials hidden)' : ''}`).join('; ')
    : 'none (host candidates only: enough on one machine or one LAN)';
  const turn = o.turn ? `, rtcdemo's own TURN server on ${o.turn.listenIp} (${o.turn.transports.join(', ')})` : '';
  const lines = [`${c.bold(`ICE (${o.policy === 'relay' ? 'relay only' : 'all candidate types'}${turn})`)}`, `  servers: ${terminalText(servers)}`];
  const { data, video } = result.metrics.ice;
  if (!video.sender && !video.receiver && !data.sender && !data.receiver) return `${lines.join('\n')}\n  ${DASH}`;
  lines.push(renderSides('call', video, c));
  // The data connection is its own RTCPeerConnection; show it when it went another way than the call.
  if (data.sender || data.receiver) {
    const same = (video.sender || video.receiver) && !hasErrors(data) && fingerprint(data) === fingerprint(video);
    lines.push(same ? c.dim(`  data connection: same candidates and pair as the call (${describePair(data.sender?.selectedPair ?? null)})`) : renderSides('data connection', data, c));
  }
  return lines.join('\n');
}

function fingerprint(sides: IceConnectionSides): string {
  return [sides.sender, sides.receiver].map((s) => (s ? `${describeGathered(s.groups)} ${describePair(s.selectedPair)}` : DASH)).join(' | ');
}

function hasErrors(sides: IceConnectionSides): boolean {
  return Boolean(sides.sender?.errors.length || sides.receiver?.errors.length);
}

function renderSides(title: string, sides: IceConnectionSides, c: ChalkInstance): string {
  const both = (label: string, pick: (s: IceSideSummary) => string) => [label, pick0(sides.sender, pick), pick0(sides.receiver, pick)];
  const rows = [
    [title, 'sender', 'receiver'].map((h) => c.dim(h)),
    both('gathered', (s) => describeGathered(s.groups)),
    both('first candidate', (s) => CANDIDATE_TYPES.filter((t) => s.firstMs[t] !== null).map((t) => `${t} ${formatMs(s.firstMs[t])}`).join(', ') || DASH),
    both('gathering done', (s) => formatMs(s.gatheringCompleteMs)),
    both('state', (s) => s.state),
    both('selected pair', (s) => describePair(s.selectedPair)),
  ];
  const errors = [sides.sender, sides.receiver].flatMap((s) => s?.errors ?? []);
  const table = renderTable(rows, { indent: '  ' });
  return errors.length ? `${table}\n  ${c.red(`server errors: ${terminalText(describeCandidateErrors(errors))}`)}` : table;
}

function pick0(side: IceSideSummary | null, pick: (s: IceSideSummary) => string): string {
  return side ? pick(side) : DASH;
}
