/**
 * ICE candidates in words: reading a candidate (from an icecandidate event or getStats), summarizing what
 * one side gathered, and one-line descriptions for reports and trace lines. Pure and shared: the agent
 * page, the reports and the per-second trace use the same spelling.
 *
 * Candidate types (RFC 8445 §5.1.1): host (a local interface), srflx (our address as a STUN server sees it,
 * i.e. outside a NAT), prflx (an address learned from a connectivity check), relay (an address on a TURN
 * server, RFC 8656).
 */
import type { CandidateEnd, CandidatePairInfo, GatheredCandidate, IceCandidateError, IceCandidateType, IceConnectionReport } from '../protocol.js';

export const CANDIDATE_TYPES: readonly IceCandidateType[] = ['host', 'srflx', 'prflx', 'relay'];
const RELAY_PROTOCOLS: readonly string[] = ['udp', 'tcp', 'tls'];

export function candidateTypeOf(value: unknown): IceCandidateType | 'unknown' {
  return typeof value === 'string' && (CANDIDATE_TYPES as readonly string[]).includes(value) ? (value as IceCandidateType) : 'unknown';
}

/**
 * How a relay candidate reaches its TURN server. Chromium fills RTCIceCandidate.relayProtocol for tcp and
 * tls but leaves it null for udp (measured, Chromium 14x); the server URL says it as well: turns: is TLS,
 * `?transport=tcp` is TCP, anything else UDP (RFC 7065 §3).
 */
export function relayProtocolOf(candidate: { type: string; relayProtocol?: unknown; url?: unknown }): 'udp' | 'tcp' | 'tls' | null {
  if (candidate.type !== 'relay') return null;
  if (candidate.relayProtocol === 'udp' || candidate.relayProtocol === 'tcp' || candidate.relayProtocol === 'tls') return candidate.relayProtocol;
  const url = typeof candidate.url === 'string' ? candidate.url.toLowerCase() : '';
  if (url.startsWith('turns:')) return 'tls';
  if (/[?&]transport=tcp/.test(url)) return 'tcp';
  return 'udp';
}

/** `relay/udp (tls)`: type, protocol, and for relay how the TURN server is reached. */
export function describeCandidateEnd(end: CandidateEnd): string {
  const relay = end.relayProtocol ? ` via ${end.relayProtocol}` : '';
  return `${end.type}/${end.protocol}${relay}`;
}

/** `relay/udp via tcp ↔ relay/udp`: this side's candidate, then the other's. */
export function describePair(pair: CandidatePairInfo | null): string {
  if (!pair) return 'none selected';
  return `${describeCandidateEnd(pair.local)} ↔ ${describeCandidateEnd(pair.remote)}`;
}

/** What one side gathered, grouped: one row per type/protocol/relay protocol, in CANDIDATE_TYPES order. */
export interface CandidateGroup {
  type: IceCandidateType | 'unknown';
  protocol: string;
  relayProtocol: 'udp' | 'tcp' | 'tls' | null;
  count: number;
  /** The first of the group, since the connection was created; null if only seen in getStats. */
  firstMs: number | null;
}

export interface IceSideSummary {
  policy: 'all' | 'relay';
  groups: CandidateGroup[];
  /** Time to the first candidate of each type; null when none of that type was gathered. */
  firstMs: Record<IceCandidateType, number | null>;
  gatheringCompleteMs: number | null;
  errors: IceCandidateError[];
  state: string;
  selectedPair: CandidatePairInfo | null;
}

export function summarizeIce(report: IceConnectionReport): IceSideSummary {
  const groups = new Map<string, CandidateGroup>();
  for (const c of report.candidates) {
    const key = `${c.type}/${c.protocol}/${c.relayProtocol ?? ''}`;
    const group = groups.get(key) ?? { type: c.type, protocol: c.protocol, relayProtocol: c.relayProtocol, count: 0, firstMs: null };
    group.count += 1;
    if (c.atMs !== null && (group.firstMs === null || c.atMs < group.firstMs)) group.firstMs = c.atMs;
    groups.set(key, group);
  }
  const order = (type: string) => {
    const i = (CANDIDATE_TYPES as readonly string[]).indexOf(type);
    return i < 0 ? CANDIDATE_TYPES.length : i;
  };
  const relayOrder = (p: string | null) => (p === null ? 0 : RELAY_PROTOCOLS.indexOf(p) + 1);
  const sorted = [...groups.values()].sort((a, b) => order(a.type) - order(b.type) || b.protocol.localeCompare(a.protocol) || relayOrder(a.relayProtocol) - relayOrder(b.relayProtocol));
  const firstMs = Object.fromEntries(CANDIDATE_TYPES.map((t) => [t, firstOf(report.candidates, t)])) as Record<IceCandidateType, number | null>;
  return {
    policy: report.policy,
    groups: sorted,
    firstMs,
    gatheringCompleteMs: report.gatheringCompleteMs,
    errors: report.errors,
    state: report.state,
    selectedPair: report.selectedPair,
  };
}

function firstOf(candidates: GatheredCandidate[], type: IceCandidateType): number | null {
  const times = candidates.filter((c) => c.type === type && c.atMs !== null).map((c) => c.atMs!);
  return times.length ? Math.min(...times) : null;
}

/** `host/udp ×2, srflx/udp ×1, relay/udp via tcp ×1`, or `none`. */
export function describeGathered(groups: CandidateGroup[]): string {
  if (groups.length === 0) return 'none';
  return groups.map((g) => `${g.type}/${g.protocol}${g.relayProtocol ? ` via ${g.relayProtocol}` : ''} ×${g.count}`).join(', ');
}

/** `turn:127.0.0.1:3478?transport=udp: 401 Unauthorized`. Several errors from one server are said once. */
export function describeCandidateErrors(errors: IceCandidateError[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    const text = `${e.url}: ${e.errorCode} ${e.errorText.replace(/\.$/, '')}`.trim();
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push(text);
  }
  return lines.join('; ');
}

/** What a STUN/TURN error code means for someone fixing their config (RFC 8489 §14.8, RFC 8656 §19). */
export function explainErrorCode(code: number): string | null {
  switch (code) {
    case 401:
      return 'the TURN server rejected the username or credential';
    case 403:
      return 'the TURN server forbids this (a peer address it may not relay to?)';
    case 437:
      return 'allocation mismatch';
    case 438:
      return 'stale nonce';
    case 441:
      return 'wrong credentials for this allocation';
    case 486:
      return 'the TURN server reached its allocation quota';
    case 508:
      return 'the TURN server has no relay capacity';
    case 701:
      return 'the server could not be reached';
    default:
      return null;
  }
}

/**
 * Why a relay-only connection cannot work, or null while it still may: gathering finished without a relay
 * candidate (with the servers' errors), or no relay candidate arrived within `waitMs` (a TURN server that
 * does not answer UDP stays silent: Chromium retries for ~40 s and reports nothing).
 */
export function relayOnlyFailure(report: Pick<IceConnectionReport, 'policy' | 'candidates' | 'errors' | 'gatheringCompleteMs'>, elapsedMs: number, waitMs: number, turnUrls: string[]): string | null {
  if (report.policy !== 'relay' || report.candidates.some((c) => c.type === 'relay')) return null;
  const errors = describeCandidateErrors(report.errors);
  const explained = [...new Set(report.errors.map((e) => explainErrorCode(e.errorCode)).filter((x): x is string => x !== null))].join('; ');
  const because = errors ? `: ${errors}${explained ? ` (${explained})` : ''}` : '';
  if (report.gatheringCompleteMs !== null) {
    if (turnUrls.length === 0) return 'relay-only but no TURN server is configured, so there is no relay candidate';
    return `no TURN relay candidate (relay-only)${because || ` from ${turnUrls.join(', ')}`}`;
  }
  if (elapsedMs >= waitMs) {
    return `no TURN relay candidate within ${waitMs / 1000} s (relay-only)${because || `: no answer from ${turnUrls.join(', ') || 'any TURN server'} (wrong host or port, or a firewall?)`}`;
  }
  return null;
}
