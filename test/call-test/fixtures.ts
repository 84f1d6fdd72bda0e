/**
 * A complete, passing call-test result with plausible numbers from a local headless run, for the renderers,
 * the schema and the criteria tests. Returns a fresh object each call so tests can mutate it.
 */
import { CALL_TEST_SCHEMA_VERSION, type CallTestResult, type VideoDirectionMetrics } from '../../src/core/call-test/result.js';
import type { DirectionSecond } from '../../src/core/metrics/media-series.js';
import type { IceSideSummary } from '../../src/shared/ice-candidate.js';

/** One side's ICE on loopback without ICE servers: two host candidates (mDNS names), a host pair. */
export function hostIceSide(): IceSideSummary {
  return {
    policy: 'all',
    groups: [{ type: 'host', protocol: 'udp', relayProtocol: null, count: 2, firstMs: 2 }],
    firstMs: { host: 2, srflx: null, prflx: null, relay: null },
    gatheringCompleteMs: 41,
    errors: [],
    state: 'connected',
    selectedPair: {
      local: { type: 'host', protocol: 'udp', address: '192.0.2.2', relayProtocol: null },
      remote: { type: 'host', protocol: 'udp', address: '192.0.2.2', relayProtocol: null },
      currentRoundTripTimeMs: 0.4,
    },
  };
}

function direction(overrides: Partial<VideoDirectionMetrics> = {}): VideoDirectionMetrics {
  return {
    fps: 29.6,
    framesDecoded: 212,
    width: 640,
    height: 480,
    bitrateKbps: 1843.2,
    packetsLost: 0,
    jitterMs: 3.1,
    freezes: 0,
    codec: 'video/VP8',
    ...overrides,
  };
}

/** A plausible per-second series: the given fps and kbps, one second apart, nothing lost. */
export function seconds(fps: number[], kbps: number[]): DirectionSecond[] {
  return fps.map((f, i) => ({ t: i + 1.004, fps: f, bitrateKbps: kbps[i] ?? null, packetsLost: 0, jitterMs: 2.1, freezes: 0, rttMs: 0.4, availableOutgoingKbps: 2500 + 100 * i }));
}

export function sampleCallTestResult(): CallTestResult {
  const result = baseResult();
  result.pairs = [{ index: 1, receiverId: 'receiver', senderId: 'sender', receiverBrowser: 1, senderBrowser: 1, verdict: result.verdict, checks: structuredClone(result.checks), metrics: structuredClone(result.metrics) }];
  return result;
}

function baseResult(): CallTestResult {
  return {
    schemaVersion: CALL_TEST_SCHEMA_VERSION,
    tool: { name: 'rtcdemo', version: '0.1.0' },
    startedAt: '2025-01-15T10:00:00.000Z',
    environment: { node: 'v20.20.2', browser: 'HeadlessChrome/131.0.6778.85', platform: 'linux-x64', cores: 8 },
    options: { server: null, messages: 100, size: 64, serialization: 'binary', bulkBytes: 4 * 1024 * 1024, durationMs: 5000, pairs: 1, ice: { servers: [], policy: 'all', turn: null }, codec: null },
    verdict: 'pass',
    checks: [
      {
        name: 'signaling',
        status: 'pass',
        criteria: [
          { metric: 'signaling.receiverOpenMs', op: '>=', expected: 0, actual: 38.4, pass: true, source: 'default' },
          { metric: 'signaling.senderOpenMs', op: '>=', expected: 0, actual: 41.2, pass: true, source: 'default' },
        ],
        error: null,
        durationMs: 45,
      },
      {
        name: 'data',
        status: 'pass',
        criteria: [
          { metric: 'data.delivered', op: '==', expected: 100, actual: 100, pass: true, source: 'default' },
          { metric: 'data.lost', op: '==', expected: 0, actual: 0, pass: true, source: 'default' },
          { metric: 'data.duplicated', op: '==', expected: 0, actual: 0, pass: true, source: 'default' },
          { metric: 'data.reordered', op: '==', expected: 0, actual: 0, pass: true, source: 'default' },
          { metric: 'data.corrupted', op: '==', expected: 0, actual: 0, pass: true, source: 'default' },
        ],
        error: null,
        durationMs: 612,
      },
      {
        name: 'video',
        status: 'pass',
        criteria: [
          { metric: 'video.callToStreamMs', op: '<=', expected: 10000, actual: 212.5, pass: true, source: 'default' },
          { metric: 'video.toReceiver.framesDecoded', op: '>=', expected: 1, actual: 212, pass: true, source: 'default' },
          { metric: 'video.toSender.framesDecoded', op: '>=', expected: 1, actual: 208, pass: true, source: 'default' },
          { metric: 'video.fps', op: '>=', expected: 10, actual: 29.2, pass: true, source: 'default' },
        ],
        error: null,
        durationMs: 5480,
      },
      {
        name: 'hangup',
        status: 'pass',
        criteria: [{ metric: 'hangup.detectMs', op: '<=', expected: 10000, actual: 1204, pass: true, source: 'default' }],
        error: null,
        durationMs: 1210,
      },
    ],
    timeline: [
      { phase: 'server-listening', atMs: 12 },
      { phase: 'browser-launched', atMs: 640 },
      { phase: 'pages-ready', atMs: 790 },
      { phase: 'receiver-open', atMs: 829 },
      { phase: 'sender-open', atMs: 835 },
      { phase: 'data-connection-open', atMs: 902 },
      { phase: 'first-message-acknowledged', atMs: 905 },
      { phase: 'data-check-done', atMs: 1447 },
      { phase: 'camera-ready', atMs: 1452 },
      { phase: 'call-placed', atMs: 1453 },
      { phase: 'remote-stream', atMs: 1665 },
      { phase: 'first-frame', atMs: 1702 },
      { phase: 'media-window-done', atMs: 6933 },
      { phase: 'hangup-started', atMs: 6935 },
      { phase: 'hangup-detected', atMs: 8139 },
      { phase: 'teardown-done', atMs: 8301 },
    ],
    metrics: {
      signaling: { receiverOpenMs: 38.4, senderOpenMs: 41.2 },
      data: {
        serialization: 'binary',
        messageBytes: 64,
        connectionOpenMs: 66.8,
        sent: 100,
        delivered: 100,
        lost: 0,
        duplicated: 0,
        reordered: 0,
        corrupted: 0,
        rtt: { p50: 1.2, p95: 2.4, p99: 3.9, max: 4.4, mean: 1.35, samples: 100 },
        bulk: { bytes: 4194304, ms: 109.7, throughputMBps: 38.23 },
      },
      video: {
        getUserMediaMs: 5.2,
        callToStreamMs: 212.5,
        firstFrameMs: 249.1,
        windowMs: 5000,
        fps: 29.2,
        toReceiver: direction(),
        toSender: direction({ fps: 29.2, framesDecoded: 208, bitrateKbps: 1790.4, jitterMs: 2.7 }),
        candidatePair: {
          local: { type: 'host', protocol: 'udp', address: '127.0.0.1' },
          remote: { type: 'host', protocol: 'udp', address: '127.0.0.1' },
          currentRoundTripTimeMs: 0.4,
        },
        series: {
          toReceiver: seconds([29.0, 30.1, 29.8], [1702.4, 1880.0, 1912.8]),
          toSender: seconds([28.7, 29.5, 29.4], [1650.2, 1822.1, 1898.3]),
        },
      },
      audio: {
        toReceiver: { bitrateKbps: 31.2, packetsReceived: 250, packetsLost: 0, jitterMs: 4.1, audioLevel: 0.48, concealedSamples: 5626, concealmentEvents: 3, concealedPercent: 2.5, codec: 'audio/opus' },
        toSender: null,
      },
      hangup: { detectMs: 1204, detectedBy: 'connection-close' },
      ice: { data: { sender: hostIceSide(), receiver: hostIceSide() }, video: { sender: hostIceSide(), receiver: hostIceSide() } },
    },
    harness: {
      serverMs: 12,
      browserLaunchMs: 628,
      pagesMs: 150,
      signalingMs: 45,
      dataMs: 612,
      mediaMs: 5486,
      hangupMs: 1206,
      teardownMs: 162,
      totalMs: 8301,
    },
    pairs: [],
    network: null,
    browsers: [{ index: 1, kind: 'local', endpoint: null, host: 'ci-runner', version: 'HeadlessChrome/131.0.6778.85', receivers: 1, senders: 1, verdict: 'pass' }],
  };
}
