/**
 * Counters for /health, /metrics and `stats()`, and the Prometheus text rendering.
 * Written by hand rather than with prom-client: five metric families do not justify a dependency.
 * Format: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
import { RELAYED_TYPES, type RelayedType } from './peerjs-protocol.js';

/** Why the server refused a client or disconnected it. */
export type RejectReason =
  | 'invalid-parameters'
  | 'invalid-key'
  | 'invalid-id'
  | 'invalid-token'
  | 'id-taken'
  | 'server-full'
  | 'too-many-from-address'
  | 'malformed-message'
  | 'binary-frame'
  | 'payload-too-large'
  | 'protocol-violation'
  | 'rate-limited'
  | 'slow-consumer'
  /** The Host header is not a name of this server (DNS rebinding). */
  | 'host-not-allowed'
  /** A page from an origin the server does not allow. */
  | 'origin-not-allowed'
  /** An address already holds maxPendingSocketsPerIp connections that are not registered peers. */
  | 'too-many-pending-sockets'
  /** No complete HTTP request within the headers or request timeout (idle and slow sockets). */
  | 'request-timeout'
  /** Upgraded to WebSocket but never registered as a peer in time. */
  | 'upgrade-timeout';

/** Things that went wrong without being a client's fault (or without a client to blame). */
export type ErrorKind = 'socket' | 'http-client' | 'tls' | 'upgrade' | 'server' | 'pages' | 'internal' | 'listener' | 'queue-full';

export interface ServerStats {
  uptimeSeconds: number;
  /** Registered peers. */
  peers: number;
  /** Open WebSockets, including ones being refused. */
  connections: number;
  /** TCP connections not (yet) registered as peers: page loads, keep-alive, handshakes, idle sockets. */
  pendingSockets: number;
  queuedMessages: number;
  queuedBytes: number;
  peersRegisteredTotal: number;
  relayed: Record<RelayedType, number>;
  errors: Partial<Record<ErrorKind, number>>;
  rejected: Partial<Record<RejectReason, number>>;
}

/** The cumulative counters; gauges (peers, queue sizes) are read from their owners when a snapshot is taken. */
export class ServerCounters {
  peersRegisteredTotal = 0;
  readonly relayed = Object.fromEntries(RELAYED_TYPES.map((t) => [t, 0])) as Record<RelayedType, number>;
  readonly errors: Partial<Record<ErrorKind, number>> = {};
  readonly rejected: Partial<Record<RejectReason, number>> = {};

  countRelayed(type: RelayedType): void {
    this.relayed[type] += 1;
  }

  countError(kind: ErrorKind): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  countRejected(reason: RejectReason): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
  }
}

interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Array<{ labels?: Record<string, string>; value: number }>;
}

export function renderPrometheusText(stats: ServerStats): string {
  const labelled = (label: string, record: Partial<Record<string, number>>) =>
    Object.entries(record)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, count]) => ({ labels: { [label]: value }, value: count ?? 0 }));
  const families: Family[] = [
    { name: 'rtcdemo_peers_connected', help: 'Peers registered with the signaling server.', type: 'gauge', samples: [{ value: stats.peers }] },
    { name: 'rtcdemo_connections_open', help: 'Open WebSocket connections, including ones being refused.', type: 'gauge', samples: [{ value: stats.connections }] },
    { name: 'rtcdemo_sockets_pending', help: 'TCP connections not (yet) registered as peers.', type: 'gauge', samples: [{ value: stats.pendingSockets }] },
    { name: 'rtcdemo_peers_registered_total', help: 'Peers registered since the server started.', type: 'counter', samples: [{ value: stats.peersRegisteredTotal }] },
    { name: 'rtcdemo_messages_relayed_total', help: 'Signaling messages delivered to a peer, by PeerJS message type.', type: 'counter', samples: labelled('type', stats.relayed) },
    { name: 'rtcdemo_messages_queued', help: 'Messages waiting for a peer that has not connected yet.', type: 'gauge', samples: [{ value: stats.queuedMessages }] },
    { name: 'rtcdemo_messages_queued_bytes', help: 'Bytes waiting for peers that have not connected yet.', type: 'gauge', samples: [{ value: stats.queuedBytes }] },
    { name: 'rtcdemo_errors_total', help: 'Socket, HTTP and server errors, by kind.', type: 'counter', samples: labelled('kind', stats.errors) },
    { name: 'rtcdemo_clients_rejected_total', help: 'Clients refused or disconnected by the server, by reason.', type: 'counter', samples: labelled('reason', stats.rejected) },
    { name: 'rtcdemo_uptime_seconds', help: 'Seconds since the server started.', type: 'gauge', samples: [{ value: stats.uptimeSeconds }] },
  ];
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(`${family.name}${renderLabels(sample.labels)} ${formatValue(sample.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderLabels(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return `{${parts.join(',')}}`;
}

/** Label values escape backslash, double quote and line feed (exposition format spec). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
