import { describe, expect, it } from 'vitest';
import {
  checkOfMetric,
  isMetricName,
  METRIC_NAMES,
  METRICS,
  readMetric,
  type MetricName,
} from '../../src/core/call-test/metrics.js';
import { formatMetricValue, renderMetricList } from '../../src/cli/render/metric-values.js';
import { CHECK_ORDER } from '../../src/core/call-test/criteria.js';
import { sampleCallTestResult } from './fixtures.js';

const metrics = () => sampleCallTestResult().metrics;

describe('metric registry', () => {
  it('holds the names the README and --expect promise', () => {
    const promised = [
      'signaling.receiverOpenMs', 'signaling.senderOpenMs', 'data.connectionOpenMs', 'data.delivered', 'data.lost',
      'data.duplicated', 'data.reordered', 'data.corrupted', 'data.rtt.p50', 'data.rtt.p95', 'data.rtt.p99', 'data.rtt.max',
      'data.throughputMBps', 'video.getUserMediaMs', 'video.callToStreamMs', 'video.firstFrameMs', 'video.fps', 'hangup.detectMs',
      ...['toReceiver', 'toSender'].flatMap((d) =>
        ['fps', 'framesDecoded', 'width', 'height', 'bitrateKbps', 'packetsLost', 'jitterMs', 'freezes'].map((f) => `video.${d}.${f}`),
      ),
    ];
    for (const name of promised) expect(isMetricName(name), name).toBe(true);
  });

  it('lists metrics grouped in check order', () => {
    const checks = METRIC_NAMES.map(checkOfMetric);
    const firstIndex = CHECK_ORDER.map((c) => checks.indexOf(c));
    expect(firstIndex).toEqual([...firstIndex].sort((a, b) => a - b));
    for (let i = 1; i < checks.length; i++) {
      expect(CHECK_ORDER.indexOf(checks[i]!)).toBeGreaterThanOrEqual(CHECK_ORDER.indexOf(checks[i - 1]!));
    }
  });

  it('names each metric after its check', () => {
    for (const name of METRIC_NAMES) expect(name.startsWith(`${checkOfMetric(name)}.`), name).toBe(true);
  });

  it.each<[MetricName, number | null]>([
    ['signaling.receiverOpenMs', 38.4],
    ['signaling.senderOpenMs', 41.2],
    ['data.connectionOpenMs', 66.8],
    ['data.delivered', 100],
    ['data.rtt.p95', 2.4],
    ['data.rtt.max', 4.4],
    ['data.throughputMBps', 38.23],
    ['video.callToStreamMs', 212.5],
    ['video.fps', 29.2],
    ['video.toReceiver.fps', 29.6],
    ['video.toSender.framesDecoded', 208],
    ['video.toSender.bitrateKbps', 1790.4],
    ['video.toReceiver.width', 640],
    ['video.toSender.jitterMs', 2.7],
    ['hangup.detectMs', 1204],
  ])('reads %s from the right field', (name, expected) => {
    expect(readMetric(name, metrics())).toBe(expected);
  });

  it('reads each direction from its own side', () => {
    const m = metrics();
    m.video.toReceiver.packetsLost = 11;
    m.video.toSender.packetsLost = 22;
    expect(readMetric('video.toReceiver.packetsLost', m)).toBe(11);
    expect(readMetric('video.toSender.packetsLost', m)).toBe(22);
  });

  it('counts the selected pairs of the call by local candidate type and relay protocol, both sides', () => {
    const m = metrics();
    expect(readMetric('video.pairs.host', m)).toBe(2);
    expect(readMetric('video.pairs.relay', m)).toBe(0);
    const relay = { type: 'relay', protocol: 'udp', address: '127.0.0.1', relayProtocol: 'tcp' };
    m.ice.video.sender!.selectedPair!.local = { ...relay };
    expect(readMetric('video.pairs.relay', m)).toBe(1);
    expect(readMetric('video.pairs.relayTcp', m)).toBe(1);
    expect(readMetric('video.pairs.relayUdp', m)).toBe(0);
    expect(readMetric('video.pairs.host', m)).toBe(1);
    // A side without a selected pair counts as not matching; no ICE report at all is not measured.
    m.ice.video.receiver!.selectedPair = null;
    expect(readMetric('video.pairs.host', m)).toBe(0);
    m.ice.video = { sender: null, receiver: null };
    expect(readMetric('video.pairs.relay', m)).toBeNull();
  });

  it('reads null for what was not measured, and for non-finite values', () => {
    const m = metrics();
    m.hangup.detectMs = null;
    m.data.rtt.p99 = Number.NaN;
    expect(readMetric('hangup.detectMs', m)).toBeNull();
    expect(readMetric('data.rtt.p99', m)).toBeNull();
  });

  it('has a unit and a description for every metric', () => {
    for (const name of METRIC_NAMES) {
      expect(METRICS[name].unit).toBeTruthy();
      expect(METRICS[name].description.length).toBeGreaterThan(10);
      expect(name.endsWith('Ms') ? METRICS[name].unit : 'ms').toBe('ms');
    }
  });

  it('rejects names that are not metrics, including inherited properties', () => {
    for (const name of ['', 'data', 'data.rtt', 'video.toReceiver', 'toString', '__proto__', 'DATA.LOST']) {
      expect(isMetricName(name), name).toBe(false);
    }
  });
});

describe('formatMetricValue', () => {
  it.each<[MetricName, number | null, string]>([
    ['video.fps', 8.2, '8.2 fps'],
    ['video.fps', 30, '30.0 fps'],
    ['data.rtt.p95', 2.4, '2.4 ms'],
    ['hangup.detectMs', 1204.4, '1204 ms'],
    ['data.throughputMBps', 38.234, '38.23 MB/s'],
    ['video.toReceiver.bitrateKbps', 1843.6, '1844 kbps'],
    ['data.lost', 3, '3 messages'],
    ['video.toSender.width', 640, '640 px'],
    ['video.toSender.framesDecoded', 0, '0 frames'],
    ['data.lost', null, 'not measured'],
  ])('%s %s → %j', (name, value, text) => {
    expect(formatMetricValue(name, value)).toBe(text);
  });
});

describe('renderMetricList', () => {
  it('has one line per metric with its unit', () => {
    const lines = renderMetricList().split('\n');
    expect(lines).toHaveLength(METRIC_NAMES.length);
    expect(lines.find((l) => l.includes('data.rtt.p95'))).toMatch(/^ {2}data\.rtt\.p95\s+ms\s+Message round trip/);
  });
});
