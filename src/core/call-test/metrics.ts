/**
 * The metrics rtcdemo call-test reports, by the dotted names `--expect` accepts (`data.rtt.p95<=50`).
 * One table so the help text, the criteria parser, the report and docs/call-test-schema.md all agree.
 * Reading a metric never throws: what was not measured is null, and a criterion on null fails.
 */
import type { CallTestMetrics, CheckName, VideoDirectionMetrics } from './result.js';

export type MetricUnit = 'ms' | 'messages' | 'MB/s' | 'fps' | 'frames' | 'px' | 'kbps' | 'packets' | 'freezes' | 'pairs';

export interface MetricDefinition {
  unit: MetricUnit;
  check: CheckName;
  description: string;
  read(metrics: CallTestMetrics): number | null;
}

type Direction = 'toReceiver' | 'toSender';
const DIRECTION_TEXT: Record<Direction, string> = {
  toReceiver: "sender's camera as decoded by the receiver",
  toSender: "receiver's camera as decoded by the sender",
};

// The per-direction numbers, in report order; codec is text, so it is reported but not a metric.
const DIRECTION_FIELDS = {
  fps: { unit: 'fps', text: 'Frames decoded per second over the window' },
  framesDecoded: { unit: 'frames', text: 'Frames decoded since the call started' },
  width: { unit: 'px', text: 'Decoded frame width' },
  height: { unit: 'px', text: 'Decoded frame height' },
  bitrateKbps: { unit: 'kbps', text: 'Received bitrate over the window' },
  packetsLost: { unit: 'packets', text: 'RTP packets lost during the window' },
  jitterMs: { unit: 'ms', text: 'Largest RTP jitter seen during the window' },
  freezes: { unit: 'freezes', text: 'Video freezes during the window' },
} as const satisfies Partial<Record<keyof VideoDirectionMetrics, { unit: MetricUnit; text: string }>>;
type DirectionField = keyof typeof DIRECTION_FIELDS;

function videoDirection<D extends Direction>(d: D): Record<`video.${D}.${DirectionField}`, MetricDefinition> {
  const entries = (Object.keys(DIRECTION_FIELDS) as DirectionField[]).map((field): [string, MetricDefinition] => [
    `video.${d}.${field}`,
    {
      unit: DIRECTION_FIELDS[field].unit,
      check: 'video',
      description: `${DIRECTION_FIELDS[field].text}, ${DIRECTION_TEXT[d]}`,
      read: (m) => m.video[d][field],
    },
  ]);
  return Object.fromEntries(entries) as Record<`video.${D}.${DirectionField}`, MetricDefinition>;
}

/**
 * How many of the call's two selected candidate pairs (the sender's and the receiver's view) match: a local
 * candidate of that type, or a relay reached over that protocol. null when neither side reported ICE.
 */
function selectedPairs(m: CallTestMetrics, match: (local: { type: string; relayProtocol?: string | null }) => boolean): number | null {
  const sides = [m.ice.video.sender, m.ice.video.receiver].filter((s) => s !== null);
  if (sides.length === 0) return null;
  return sides.filter((s) => s.selectedPair !== null && match(s.selectedPair.local)).length;
}

const PAIR_METRICS = {
  'video.pairs.host': { unit: 'pairs', check: 'video', description: "The call's selected ICE pairs (sender's and receiver's, 0–2) on a local host candidate: no NAT between", read: (m) => selectedPairs(m, (l) => l.type === 'host') },
  'video.pairs.srflx': { unit: 'pairs', check: 'video', description: 'Selected pairs on a server-reflexive candidate (our address as a STUN server saw it: through a NAT)', read: (m) => selectedPairs(m, (l) => l.type === 'srflx') },
  'video.pairs.prflx': { unit: 'pairs', check: 'video', description: 'Selected pairs on a peer-reflexive candidate (an address learned from a connectivity check)', read: (m) => selectedPairs(m, (l) => l.type === 'prflx') },
  'video.pairs.relay': { unit: 'pairs', check: 'video', description: 'Selected pairs on a TURN relay candidate (--turn and --relay-only require 2)', read: (m) => selectedPairs(m, (l) => l.type === 'relay') },
  'video.pairs.relayUdp': { unit: 'pairs', check: 'video', description: 'Selected pairs on a relay reached over UDP (turn:…)', read: (m) => selectedPairs(m, (l) => l.type === 'relay' && l.relayProtocol === 'udp') },
  'video.pairs.relayTcp': { unit: 'pairs', check: 'video', description: 'Selected pairs on a relay reached over TCP (turn:…?transport=tcp)', read: (m) => selectedPairs(m, (l) => l.type === 'relay' && l.relayProtocol === 'tcp') },
  'video.pairs.relayTls': { unit: 'pairs', check: 'video', description: 'Selected pairs on a relay reached over TLS (turns:…)', read: (m) => selectedPairs(m, (l) => l.type === 'relay' && l.relayProtocol === 'tls') },
} satisfies Record<string, MetricDefinition>;

export const METRICS = {
  'signaling.receiverOpenMs': { unit: 'ms', check: 'signaling', description: "Receiver's Peer constructor → the server's OPEN", read: (m) => m.signaling.receiverOpenMs },
  'signaling.senderOpenMs': { unit: 'ms', check: 'signaling', description: "Sender's Peer constructor → the server's OPEN", read: (m) => m.signaling.senderOpenMs },
  'data.connectionOpenMs': { unit: 'ms', check: 'data', description: 'peer.connect() → the DataConnection opened', read: (m) => m.data.connectionOpenMs },
  'data.sent': { unit: 'messages', check: 'data', description: 'Check messages the sender sent', read: (m) => m.data.sent },
  'data.delivered': { unit: 'messages', check: 'data', description: 'Distinct valid check messages the receiver got', read: (m) => m.data.delivered },
  'data.lost': { unit: 'messages', check: 'data', description: 'Expected messages never delivered (expected − delivered)', read: (m) => m.data.lost },
  'data.duplicated': { unit: 'messages', check: 'data', description: 'Receipts of an already delivered seq', read: (m) => m.data.duplicated },
  'data.reordered': { unit: 'messages', check: 'data', description: 'First receipts with a seq below the highest seen before', read: (m) => m.data.reordered },
  'data.corrupted': { unit: 'messages', check: 'data', description: 'Receipts with a bad checksum or an out-of-range seq', read: (m) => m.data.corrupted },
  'data.rtt.p50': { unit: 'ms', check: 'data', description: 'Message round trip (send → acknowledgement), median', read: (m) => m.data.rtt.p50 },
  'data.rtt.p95': { unit: 'ms', check: 'data', description: 'Message round trip, 95th percentile (nearest rank)', read: (m) => m.data.rtt.p95 },
  'data.rtt.p99': { unit: 'ms', check: 'data', description: 'Message round trip, 99th percentile (nearest rank)', read: (m) => m.data.rtt.p99 },
  'data.rtt.max': { unit: 'ms', check: 'data', description: 'Message round trip, slowest', read: (m) => m.data.rtt.max },
  'data.rtt.mean': { unit: 'ms', check: 'data', description: 'Message round trip, arithmetic mean', read: (m) => m.data.rtt.mean },
  'data.throughputMBps': { unit: 'MB/s', check: 'data', description: 'Bulk transfer rate (MB = 1,000,000 bytes)', read: (m) => m.data.bulk.throughputMBps },
  'video.getUserMediaMs': { unit: 'ms', check: 'video', description: 'getUserMedia() → the (fake) camera stream', read: (m) => m.video.getUserMediaMs },
  'video.callToStreamMs': { unit: 'ms', check: 'video', description: "peer.call() → the call's 'stream' event", read: (m) => m.video.callToStreamMs },
  'video.firstFrameMs': { unit: 'ms', check: 'video', description: 'peer.call() → the first decoded frame', read: (m) => m.video.firstFrameMs },
  'video.fps': { unit: 'fps', check: 'video', description: 'The lower fps of the two directions', read: (m) => m.video.fps },
  ...videoDirection('toReceiver'),
  ...videoDirection('toSender'),
  ...PAIR_METRICS,
  'hangup.detectMs': { unit: 'ms', check: 'hangup', description: "The sender's page closed → the receiver noticed", read: (m) => m.hangup.detectMs },
} satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

/** In table order, which groups them by check: signaling, data, video, hangup. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export function metricDefinition(name: MetricName): MetricDefinition {
  return METRICS[name];
}

/** The value, or null when it was not measured (or is not a finite number, which counts the same). */
export function readMetric(name: MetricName, metrics: CallTestMetrics): number | null {
  const value = METRICS[name].read(metrics);
  return value === null || !Number.isFinite(value) ? null : value;
}

export function checkOfMetric(name: MetricName): CheckName {
  return METRICS[name].check;
}
