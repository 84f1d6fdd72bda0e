/**
 * The call-test report: what `rtcdemo call-test --json` prints, versioned by `schemaVersion`.
 * docs/call-test-schema.md documents it and src/core/call-test/schema.ts holds the JSON Schema.
 * Change a field's meaning → bump CALL_TEST_SCHEMA_VERSION.
 */
import type { CandidatePairInfo, Serialization } from '../../protocol.js';
import type { IceSideSummary } from '../../shared/ice-candidate.js';
import type { RedactedIceServer } from '../ice/ice-servers.js';
import type { AudioDirectionMetrics, RttSummary, VideoDirectionMetrics } from '../metrics/types.js';
import type { DirectionSecond } from '../metrics/media-series.js';

export type { AudioDirectionMetrics, RttSummary, VideoDirectionMetrics };

export const CALL_TEST_SCHEMA_VERSION = 3;

export type CheckName = 'signaling' | 'data' | 'video' | 'hangup';
export type CheckStatus = 'pass' | 'fail' | 'skipped';

export type PhaseName =
  | 'server-listening'
  | 'turn-server-ready'
  | 'browser-launched'
  | 'pages-ready'
  | 'receiver-open'
  | 'sender-open'
  | 'data-connection-open'
  | 'first-message-acknowledged'
  | 'data-check-done'
  | 'camera-ready'
  | 'call-placed'
  | 'remote-stream'
  | 'first-frame'
  | 'media-window-done'
  | 'hangup-started'
  | 'hangup-detected'
  | 'teardown-done';

export interface TimelineEntry {
  phase: PhaseName;
  /** Milliseconds since the call-test started (process start of the measurement, not of Node). */
  atMs: number;
}

export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Criterion {
  /** A metric name from METRICS (src/core/call-test/metrics.ts), e.g. `data.rtt.p95`. */
  metric: string;
  op: ComparisonOp;
  expected: number;
  /** null when the metric could not be measured (which fails the criterion). */
  actual: number | null;
  pass: boolean;
  source: 'default' | 'expect';
}

export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  criteria: Criterion[];
  /** Why the check failed or was skipped when no criterion says it (an error, a timeout). */
  error: string | null;
  durationMs: number | null;
}

export interface CallTestMetrics {
  signaling: {
    receiverOpenMs: number | null;
    senderOpenMs: number | null;
  };
  data: {
    serialization: Serialization;
    messageBytes: number;
    connectionOpenMs: number | null;
    sent: number;
    delivered: number;
    lost: number;
    duplicated: number;
    reordered: number;
    corrupted: number;
    rtt: RttSummary;
    bulk: { bytes: number; ms: number | null; throughputMBps: number | null };
  };
  video: {
    getUserMediaMs: number | null;
    callToStreamMs: number | null;
    firstFrameMs: number | null;
    windowMs: number;
    /** Lowest fps of the two directions (the number the default criterion checks). */
    fps: number | null;
    /** The sender's camera as the receiver decodes it. */
    toReceiver: VideoDirectionMetrics;
    /** The receiver's camera (the answer stream) as the sender decodes it. */
    toSender: VideoDirectionMetrics;
    candidatePair: CandidatePairInfo | null;
    /** Each direction second by second over the window (media-series.ts), so a reader sees the call adapt. */
    series: { toReceiver: DirectionSecond[]; toSender: DirectionSecond[] };
  };
  /** The fake microphones, in the same call and window as the video; null when a direction carried no audio. */
  audio: {
    /** The sender's microphone as the receiver plays it out. */
    toReceiver: AudioDirectionMetrics | null;
    /** The receiver's microphone (in the answer) as the sender plays it out. */
    toSender: AudioDirectionMetrics | null;
  };
  hangup: {
    /** The sender's page close → the receiver noticed. */
    detectMs: number | null;
    detectedBy: string | null;
  };
  /** ICE of the data connection and of the call, as each side saw it (null: that connection never started). */
  ice: {
    data: IceConnectionSides;
    video: IceConnectionSides;
  };
}

export interface IceConnectionSides {
  sender: IceSideSummary | null;
  receiver: IceSideSummary | null;
}

/** Where the harness's own wall time went, apart from WebRTC's (issue: speed by measurement). */
export interface HarnessTimings {
  serverMs: number | null;
  browserLaunchMs: number | null;
  pagesMs: number | null;
  signalingMs: number | null;
  dataMs: number | null;
  mediaMs: number | null;
  hangupMs: number | null;
  teardownMs: number | null;
  totalMs: number | null;
}

export interface CallTestResult {
  schemaVersion: typeof CALL_TEST_SCHEMA_VERSION;
  tool: { name: 'rtcdemo'; version: string };
  startedAt: string;
  environment: { node: string; browser: string | null; platform: string; cores: number };
  options: {
    server: string | null;
    messages: number;
    size: number;
    serialization: Serialization;
    bulkBytes: number;
    durationMs: number;
    /** --pairs: receiver/sender pairs run at once in one browser. */
    pairs: number;
    ice: {
      /** Every STUN/TURN server the agents were given, credentials left out. */
      servers: RedactedIceServer[];
      policy: 'all' | 'relay';
      /** The TURN server call-test ran (--turn), or null. */
      turn: { transports: string[]; listenIp: string } | null;
    };
    /** --codec: the video codec both sides preferred; null for the browsers' own choice. */
    codec: string | null;
  };
  verdict: 'pass' | 'fail';
  checks: CheckResult[];
  timeline: TimelineEntry[];
  /** The first pair's metrics (every pair's are in `pairs`). */
  metrics: CallTestMetrics;
  harness: HarnessTimings;
  /** One entry per pair, in order; `checks` above merges them (a check fails when it fails in any pair). */
  pairs: PairResult[];
  /** The network lab the call crossed (`--network`); null on this machine's loopback. */
  network: NetworkReport | null;
  /** Every browser the run used, in order (`--connect` order; one local browser by default, one per side in the lab). */
  browsers: BrowserReport[];
}

export interface NetworkReport {
  /** The profile in canonical form, e.g. "symmetric-nat,loss=5%". */
  profile: string;
  /** Where things were: the wan address (signaling and TURN servers) and each side's LAN address. */
  addresses: { wan: string; receiver: string; sender: string };
  /** The ICE servers both sides were given, URLs only (credentials are never reported). */
  iceServers: string[];
  /** Building the lab (namespaces, links, nftables, qdiscs) and removing it. */
  setupMs: number;
  teardownMs: number | null;
}

export interface BrowserReport {
  /** 1-based, as pairs' receiverBrowser/senderBrowser name it. */
  index: number;
  /** launched here, or reached over the Chrome DevTools Protocol or W3C WebDriver (`--connect`). */
  kind: 'local' | 'cdp' | 'webdriver';
  /** The endpoint without credentials or query; null for a local browser. */
  endpoint: string | null;
  /** host:port of the endpoint, or this machine's name. */
  host: string;
  version: string;
  receivers: number;
  senders: number;
  /** pass when every pair with a page in this browser passed. */
  verdict: 'pass' | 'fail';
}

export interface PairResult {
  /** 1-based. */
  index: number;
  receiverId: string;
  senderId: string;
  /** Which browser (BrowserReport.index) held each page; null when no browser started. */
  receiverBrowser: number | null;
  senderBrowser: number | null;
  verdict: 'pass' | 'fail';
  checks: CheckResult[];
  metrics: CallTestMetrics;
}

/** The report a run starts from and fills in: nothing measured yet, every expected message lost. */
function emptyDirection(): VideoDirectionMetrics {
  return { fps: null, framesDecoded: 0, width: null, height: null, bitrateKbps: null, packetsLost: 0, jitterMs: null, freezes: 0, codec: null };
}

export function emptyMetrics(options: { messages: number; size: number; serialization: Serialization }): CallTestMetrics {
  return {
    signaling: { receiverOpenMs: null, senderOpenMs: null },
    data: {
      serialization: options.serialization,
      messageBytes: options.size,
      connectionOpenMs: null,
      sent: 0,
      delivered: 0,
      lost: options.messages,
      duplicated: 0,
      reordered: 0,
      corrupted: 0,
      rtt: { p50: null, p95: null, p99: null, max: null, mean: null, samples: 0 },
      bulk: { bytes: 0, ms: null, throughputMBps: null },
    },
    video: {
      getUserMediaMs: null,
      callToStreamMs: null,
      firstFrameMs: null,
      windowMs: 0,
      fps: null,
      toReceiver: emptyDirection(),
      toSender: emptyDirection(),
      candidatePair: null,
      series: { toReceiver: [], toSender: [] },
    },
    audio: { toReceiver: null, toSender: null },
    hangup: { detectMs: null, detectedBy: null },
    ice: { data: { sender: null, receiver: null }, video: { sender: null, receiver: null } },
  };
}
