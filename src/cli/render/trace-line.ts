/**
 * `--trace` lines on stderr: one per signaling message or connection state change, in the order they
 * happened. Text mode reads like the tutorial's steps; `--json` writes each TraceEvent as one JSON line
 * (documented in docs/trace.md). Every string in a record came from the network or the browser and is
 * escaped with terminalText / terminalJson.
 */
import type { ChalkInstance } from 'chalk';
import type { CandidateSummary, SdpMediaSummary, SdpSummary, TraceRecord } from '../../protocol.js';
import type { TraceEvent } from '../../core/trace.js';
import type { RtcdemoEventListener } from '../../core/events.js';
import { terminalJson, terminalText } from './terminal-safe.js';

/** A field from the network is shown at most this long (a 64 KB "codec name" helps nobody). */
const FIELD_CHARS = 80;
const t = (text: string): string => terminalText(text, { maxChars: FIELD_CHARS });

/** Codecs that travel alongside the real ones (retransmission, redundancy, FEC, comfort noise, DTMF). */
const HELPER_CODECS = new Set(['rtx', 'red', 'ulpfec', 'flexfec-03', 'cn', 'telephone-event']);

const LAYER_NAMES: Record<string, string> = {
  'signaling-state': 'signaling state',
  'ice-gathering': 'ICE gathering',
  ice: 'ICE connection',
  'peer-connection': 'peer connection',
  dtls: 'DTLS',
  sctp: 'SCTP',
};

const SETUP_ROLES: Record<string, string> = {
  actpass: 'actpass (either DTLS role)',
  active: 'active (DTLS client)',
  passive: 'passive (DTLS server)',
};

export interface TraceLineOptions {
  color: ChalkInstance;
  /** Pad the agent's name to this width, so that two pages' lines line up. */
  nameWidth?: number;
  /** Renders the time; the CLI passes its wall-clock `timestamp`. */
  time: (at: number) => string;
}

export function renderTraceLine(event: TraceEvent, options: TraceLineOptions): string {
  const c = options.color;
  const agent = t(event.agent).padEnd(options.nameWidth ?? 0);
  return `${c.dim(options.time(event.at))} ${c.bold(agent)} ${describeTraceRecord(event.record, c)}`;
}

/** One JSON line (no newline) for `--trace --json`. */
export function renderTraceJson(event: TraceEvent): string {
  return terminalJson(event);
}

export function describeTraceRecord(record: TraceRecord, c: ChalkInstance): string {
  switch (record.kind) {
    case 'signal': {
      const arrow = record.direction === 'sent' ? c.cyan('→') : c.magenta('←');
      const peer = record.peer === null ? '' : ` ${record.direction === 'sent' ? 'to' : 'from'} ${t(record.peer)}`;
      const connection = record.connectionId === null ? '' : c.dim(` (${record.connectionType === null ? '' : `${t(record.connectionType)} `}${t(record.connectionId)})`);
      const detail = describeDetail(record);
      return `${arrow} ${c.bold(t(record.message))}${peer}${connection}${detail ? `: ${detail}` : ''}`;
    }
    case 'state':
      return `${LAYER_NAMES[record.layer] ?? t(record.layer)} ${c.bold(t(record.state))}${about(record, c)}`;
    case 'channel':
      return `data channel "${t(record.label)}" ${c.bold(record.state)}${about(record, c)}`;
    case 'track':
      return `remote ${t(record.media)} track arrived${about(record, c)}`;
    case 'selected-pair':
      return `selected candidate pair ${describeCandidate(record.local)} ↔ ${describeCandidate(record.remote)}${about(record, c)}`;
    case 'dropped':
      return c.yellow(`${record.count} trace line(s) dropped: the page reports at most 200 a second`);
  }
}

function about(record: { peer: string; connectionId: string; connectionType: string }, c: ChalkInstance): string {
  return c.dim(` (${t(record.connectionType)} ${t(record.connectionId)} with ${t(record.peer)})`);
}

function describeDetail(record: Extract<TraceRecord, { kind: 'signal' }>): string {
  const detail = record.detail;
  if (detail === null) return record.message === 'OPEN' ? 'the server accepted our id' : '';
  if ('sdp' in detail) {
    const parts = [describeSdp(detail.sdp)];
    const o = detail.connection;
    if (o) {
      const facts = [o.serialization && t(o.serialization), o.reliable === null ? null : o.reliable ? 'reliable' : 'unreliable', o.metadataChars ? `metadata ${o.metadataChars} chars` : null];
      const shown = facts.filter(Boolean).join(', ');
      if (shown) parts.push(shown);
    }
    return parts.join(' · ');
  }
  if ('candidate' in detail) return describeCandidate(detail.candidate);
  return t(detail.text);
}

export function describeSdp(sdp: SdpSummary): string {
  const parts = [sdp.media.length ? sdp.media.map(describeMedia).join(', ') : 'no media sections'];
  if (sdp.iceUfrag !== null) parts.push(`ufrag ${t(sdp.iceUfrag)}`);
  if (sdp.fingerprint) parts.push(`fingerprint ${t(sdp.fingerprint.algorithm)} ${t(sdp.fingerprint.short)}`);
  if (sdp.setup !== null) parts.push(`setup ${SETUP_ROLES[sdp.setup] ?? t(sdp.setup)}`);
  if (sdp.candidates > 0) parts.push(`${sdp.candidates} candidate(s) inside`);
  return parts.join(' · ');
}

function describeMedia(media: SdpMediaSummary): string {
  if (media.port === 0) return `${t(media.kind)} rejected`;
  if (media.codecs.includes('webrtc-datachannel')) return `${t(media.kind)} (data channels over SCTP)`;
  const main = media.codecs.filter((codec) => !HELPER_CODECS.has(codec.toLowerCase()));
  const helpers = media.codecs.filter((codec) => HELPER_CODECS.has(codec.toLowerCase()));
  const codecs = [main.map(t).join(' '), helpers.length ? `+${helpers.map(t).join(',')}` : ''].filter(Boolean).join(' ');
  return [t(media.kind), media.direction && t(media.direction), codecs && `(${codecs})`].filter(Boolean).join(' ');
}

export function describeCandidate(candidate: CandidateSummary | null): string {
  if (!candidate) return 'a candidate rtcdemo could not read';
  const family = candidate.family === 'mdns' ? 'mDNS name (address hidden)' : candidate.family === 'unknown' ? 'address not shown' : candidate.family === 'ipv4' ? 'IPv4' : 'IPv6';
  const tcp = candidate.tcpType === null ? '' : ` ${t(candidate.tcpType)}`;
  return `${t(candidate.type)} ${t(candidate.protocol)}${tcp} ${family}`;
}

/** --trace's printer: each trace event as one line on `stderr`, text or JSON. */
export function createTracePrinter(
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
  options: { json: boolean; color: ChalkInstance; time: (at: number) => string; nameWidth?: number },
): (event: TraceEvent) => void {
  return (event) => {
    stderr.write(`${options.json ? renderTraceJson(event) : renderTraceLine(event, options)}\n`);
  };
}

/** A command's onEvent under --trace: trace events go to `printer`, every other event to `onEvent`. */
export function routeTraceEvents(printer: ((event: TraceEvent) => void) | null, onEvent?: RtcdemoEventListener): RtcdemoEventListener | undefined {
  if (!printer) return onEvent;
  return (event) => (event.type === 'trace' ? printer(event) : onEvent?.(event));
}
