import { describe, expect, it } from 'vitest';
import { buildCallTestReportModel, orderChecks, seriesCharts, type ReportExtras, type SnapshotEvent } from '../../../../src/cli/render/html-report/report-model.js';
import { seriesOfCallSeconds, seriesOfCallTest, type SeriesPoint } from '../../../../src/cli/render/html-report/series-source.js';
import type { CallTestResult } from '../../../../src/core/call-test/result.js';
import { sampleCallTestResult } from '../../../call-test/fixtures.js';

const PNG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD=';

function snapshot(agent: string, peer: string, moment: 'first-frame' | 'last-frame', dataUrl = PNG): SnapshotEvent {
  return { type: 'video-snapshot', at: 1, agent, peer, moment, snapshot: { mimeType: 'image/jpeg', width: 640, height: 480, dataUrl, at: 1 }, error: null };
}

function extras(overrides: Partial<ReportExtras> = {}): ReportExtras {
  return { snapshots: [], rttSamples: [], os: 'Linux 6.1', networkProfile: null, ...overrides };
}

function point(t: number, fields: Partial<SeriesPoint> = {}): SeriesPoint {
  return { t, fps: 30, bitrateKbps: 1500, packetsLost: 0, jitterMs: 2, rttMs: 1, availableOutgoingKbps: 2500, freezes: 0, ...fields };
}

/** The sample with the video check failing on fps and hang-up skipped. */
function failing(): CallTestResult {
  const result = sampleCallTestResult();
  result.verdict = 'fail';
  const video = result.checks[2]!;
  video.status = 'fail';
  video.criteria[3] = { ...video.criteria[3]!, actual: 8.2, pass: false };
  result.checks[3] = { ...result.checks[3]!, status: 'skipped', error: 'the video call did not start', criteria: [] };
  return result;
}

describe('orderChecks', () => {
  it('puts failed checks first, then skipped, then passed, each in run order', () => {
    expect(orderChecks(failing().checks).map((c) => `${c.name}:${c.status}`)).toEqual(['video:fail', 'hangup:skipped', 'signaling:pass', 'data:pass']);
  });

  it('puts the failed criterion first inside a check, with its unit and threshold', () => {
    const video = orderChecks(failing().checks)[0]!;
    expect(video.criteria[0]).toMatchObject({ metric: 'video.fps', actual: '8.2 fps', expected: '>= 10 fps', pass: false, source: 'default' });
    expect(video.criteria.slice(1).every((c) => c.pass)).toBe(true);
  });

  it('keeps the order of an all-passing run', () => {
    expect(orderChecks(sampleCallTestResult().checks).map((c) => c.name)).toEqual(['signaling', 'data', 'video', 'hangup']);
  });
});

describe('buildCallTestReportModel', () => {
  it('states the verdict as the JSON has it', () => {
    expect(buildCallTestReportModel(sampleCallTestResult(), extras())).toMatchObject({ verdict: 'pass', headline: 'call-test passed: 4 of 4 checks in 8.3 s' });
    expect(buildCallTestReportModel(failing(), extras())).toMatchObject({ verdict: 'fail', headline: expect.stringMatching(/^call-test failed: video /) });
  });

  it('lists the environment, with the network profile only where one was used', () => {
    const plain = buildCallTestReportModel(sampleCallTestResult(), extras()).environment;
    expect(plain.map((r) => r.label)).toEqual(['rtcdemo', 'browser', 'OS', 'Node.js', 'server', 'ICE', 'data check', 'media window', 'pairs', 'started']);
    expect(plain.find((r) => r.label === 'ICE')?.value).toBe('all candidates · no ICE servers');
    expect(plain.find((r) => r.label === 'OS')?.value).toBe('Linux 6.1 · linux-x64');
    expect(plain.find((r) => r.label === 'server')?.value).toMatch(/^built-in/);
    const lab = buildCallTestReportModel(sampleCallTestResult(), extras({ networkProfile: 'nat,loss=5%' })).environment;
    expect(lab.find((r) => r.label === 'network profile')?.value).toBe('nat,loss=5%');
    const relayed = sampleCallTestResult();
    relayed.options.ice = { servers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'], credentials: true }], policy: 'relay', turn: { transports: ['udp'], listenIp: '127.0.0.1' } };
    expect(buildCallTestReportModel(relayed, extras()).environment.find((r) => r.label === 'ICE')?.value).toBe(
      "relay only · rtcdemo's TURN server on 127.0.0.1 (udp) · servers turn:127.0.0.1:3478?transport=udp",
    );
  });

  it('places each snapshot under the direction its page decoded', () => {
    const model = buildCallTestReportModel(
      sampleCallTestResult(),
      extras({ snapshots: [snapshot('receiver', 'sender', 'first-frame'), snapshot('sender', 'receiver', 'last-frame', 'data:image/jpeg;base64,AAAA')] }),
    );
    const [toReceiver, toSender] = model.sections[0]!.directions;
    expect(toReceiver!.title).toBe('sender → receiver');
    expect(toReceiver!.snapshots.map((s) => [s.moment, s.dataUrl !== null, s.fileName])).toEqual([
      ['first frame', true, 'pair-1-to-receiver-first-frame.jpg'],
      ['last frame', false, 'pair-1-to-receiver-last-frame.jpg'],
    ]);
    expect(toSender!.snapshots[1]).toMatchObject({ dataUrl: 'data:image/jpeg;base64,AAAA', width: 640, height: 480 });
    expect(toSender!.snapshots[0]!.error).toMatch(/not taken/);
  });

  it('drops an image that is not a JPEG or PNG data URL, and says why', () => {
    const hostile = snapshot('receiver', 'sender', 'first-frame', 'javascript:alert(1)');
    const shot = buildCallTestReportModel(sampleCallTestResult(), extras({ snapshots: [hostile] })).sections[0]!.directions[0]!.snapshots[0]!;
    expect(shot.dataUrl).toBeNull();
    expect(shot.error).toMatch(/not a JPEG or PNG/);
  });

  it('reports a snapshot that failed with its reason', () => {
    const failed: SnapshotEvent = { type: 'video-snapshot', at: 1, agent: 'receiver', peer: 'sender', moment: 'last-frame', snapshot: null, error: 'the remote video showed no frame within 3 s' };
    const shot = buildCallTestReportModel(sampleCallTestResult(), extras({ snapshots: [failed] })).sections[0]!.directions[0]!.snapshots[1]!;
    expect(shot).toMatchObject({ dataUrl: null, error: 'the remote video showed no frame within 3 s' });
  });

  it('bins the data check round trips of the pair into a histogram', () => {
    const samples = [0.4, 0.5, 0.6, 1.2, 3.9];
    const model = buildCallTestReportModel(sampleCallTestResult(), extras({ rttSamples: [{ type: 'data-check-rtt', at: 1, agent: 'sender', peer: 'receiver', samplesMs: samples }] }));
    const histogram = model.sections[0]!.data!.histogram!;
    expect(histogram.kind).toBe('bars');
    expect(histogram.series[0]!.values.reduce((a, b) => a! + b!, 0)).toBe(samples.length);
    expect(model.sections[0]!.data!.rtt.map((r) => r.label)).toEqual(['samples', 'p50', 'p95', 'p99', 'max', 'mean']);
  });

  it('has no histogram when no round trip was measured', () => {
    expect(buildCallTestReportModel(sampleCallTestResult(), extras()).sections[0]!.data!.histogram).toBeNull();
  });

  it('marks the counts that went wrong', () => {
    const result = sampleCallTestResult();
    result.pairs[0]!.metrics.data = { ...result.pairs[0]!.metrics.data, delivered: 97, lost: 3 };
    const counts = buildCallTestReportModel(result, extras()).sections[0]!.data!.counts;
    expect(counts.filter((c) => c.bad).map((c) => c.label)).toEqual(['delivered', 'lost']);
  });

  it('makes one section per pair and a summary row each when there are several', () => {
    const result = sampleCallTestResult();
    const second = structuredClone(result.pairs[0]!);
    Object.assign(second, { index: 2, receiverId: 'receiver-2', senderId: 'sender-2', verdict: 'fail' });
    second.checks[2] = { ...second.checks[2]!, status: 'fail' };
    result.pairs.push(second);
    result.options.pairs = 2;
    const model = buildCallTestReportModel(result, extras());
    expect(model.sections.map((s) => s.title)).toEqual(['Pair 1: receiver ⇄ sender', 'Pair 2: receiver-2 ⇄ sender-2']);
    expect(model.sections[1]!.checks?.[0]).toMatchObject({ name: 'video', status: 'fail' });
    expect(model.pairSummary?.map((r) => [r.pair, r.verdict, r.failed])).toEqual([
      [1, 'pass', '–'],
      [2, 'fail', 'video'],
    ]);
  });

  it('shows the audio both ways, and none when the call carried none', () => {
    const rows = buildCallTestReportModel(sampleCallTestResult(), extras()).sections[0]!.audioRows!;
    expect(rows.map((r) => r[0])).toEqual(['level (RMS)', 'bitrate', 'packets', 'jitter (max)', 'concealed', 'codec']);
    expect(rows[0]![1]).toBe('0.480');
    expect(rows[4]![1]).toBe('5626 samples (2.5 %)');
    const silent = sampleCallTestResult();
    silent.pairs[0]!.metrics.audio = { toReceiver: null, toSender: null };
    expect(buildCallTestReportModel(silent, extras()).sections[0]!.audioRows).toBeNull();
  });

  it('has no summary table and no per-pair checks with one pair', () => {
    const model = buildCallTestReportModel(sampleCallTestResult(), extras());
    expect(model.pairSummary).toBeNull();
    expect(model.sections[0]!.checks).toBeNull();
  });

  it('says why there are no charts when the result has no per-second series', () => {
    const result = sampleCallTestResult();
    result.pairs[0]!.metrics.video.series = { toReceiver: [], toSender: [] };
    const section = buildCallTestReportModel(result, extras()).sections[0]!;
    expect(section.charts).toEqual([]);
    expect(section.chartsNote).toMatch(/No per-second series/);
  });

  it('charts the per-second series of both directions', () => {
    const charts = buildCallTestReportModel(sampleCallTestResult(), extras()).sections[0]!.charts;
    expect(charts.map((c) => c.id)).toEqual(['pair-1-fps', 'pair-1-bitrate', 'pair-1-loss', 'pair-1-jitter', 'pair-1-rtt', 'pair-1-freezes']);
    expect(charts[0]!.series.map((s) => [s.label, s.values])).toEqual([
      ['sender → receiver', [29.0, 30.1, 29.8]],
      ['receiver → sender', [28.7, 29.5, 29.4]],
    ]);
    expect(charts[1]!.series.map((s) => [s.label, s.dashed ?? false])).toEqual([
      ['sender → receiver', false],
      ['receiver → sender', false],
      ['sender → receiver estimate', true],
      ['receiver → sender estimate', true],
    ]);
  });
});

describe('seriesCharts', () => {
  it('aligns both directions on one x axis, with null where a direction has no reading', () => {
    const [fps] = seriesCharts('p', { toReceiver: [point(1, { fps: 29 }), point(2, { fps: 30 })], toSender: [point(2, { fps: 15 })] });
    expect(fps!.x).toEqual([1, 2]);
    expect(fps!.series.map((s) => s.values)).toEqual([
      [29, 30],
      [null, 15],
    ]);
  });

  it('leaves out a line, and a chart, with nothing measured', () => {
    const none = { jitterMs: null, rttMs: null, availableOutgoingKbps: null, freezes: null };
    const charts = seriesCharts('p', { toReceiver: [point(1, none)], toSender: [point(1, { ...none, fps: null })] });
    expect(charts.map((c) => c.id)).toEqual(['p-fps', 'p-bitrate', 'p-loss']);
    expect(charts[0]!.series.map((s) => s.label)).toEqual(['→ receiver']);
    expect(charts[1]!.series.map((s) => s.label)).toEqual(['→ receiver', '→ sender']);
    expect(charts[1]!.title).toBe('Received bitrate');
  });
});

describe('series sources', () => {
  it("takes call-test's series as the result has it", () => {
    const metrics = sampleCallTestResult().metrics;
    expect(seriesOfCallTest(metrics)).toBe(metrics.video.series);
  });

  it('is null when the window recorded no second', () => {
    const metrics = sampleCallTestResult().metrics;
    metrics.video.series = { toReceiver: [], toSender: [] };
    expect(seriesOfCallTest(metrics)).toBeNull();
  });

  it("takes call's readings as received, leaving out the caller's own sending estimate", () => {
    const second = { t: 1, fps: 30, width: 640, height: 480, receivedKbps: 900, sentKbps: 950, packetsLost: 3, jitterMs: 2, freezes: 1, rttMs: 0.5, availableOutgoingKbps: 2400 };
    expect(seriesOfCallSeconds([second])).toEqual([{ t: 1, fps: 30, bitrateKbps: 900, packetsLost: 3, jitterMs: 2, freezes: 1, rttMs: 0.5, availableOutgoingKbps: null }]);
  });
});
