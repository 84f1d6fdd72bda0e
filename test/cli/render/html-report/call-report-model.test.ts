import { describe, expect, it } from 'vitest';
import { buildCallReportModel } from '../../../../src/cli/render/html-report/call-report-model.js';
import type { CallReport } from '../../../../src/core/call.js';
import type { SnapshotEvent } from '../../../../src/cli/render/html-report/report-model.js';

function report(overrides: Partial<CallReport> = {}): CallReport {
  return {
    id: 'caller-1',
    to: 'receiver',
    peerOpenMs: 23,
    getUserMediaMs: 216,
    callToStreamMs: 181,
    callToFirstFrameMs: 369,
    windowMs: 4000,
    received: { fps: 20, framesDecoded: 82, width: 640, height: 480, bitrateKbps: 476, packetsLost: 0, jitterMs: 12, freezes: 0, codec: 'video/VP8' },
    receivedAudio: null,
    ice: null,
    sentCodec: null,
    sentKbps: 465,
    candidatePair: null,
    seconds: [1, 2].map((t) => ({ t, fps: 20, width: 640, height: 480, receivedKbps: 470, sentKbps: 460, packetsLost: 0, jitterMs: 10, freezes: 0, rttMs: 0.5, availableOutgoingKbps: 2400 })),
    signaling: { disconnects: 0, reconnects: 0 },
    ended: 'duration',
    ...overrides,
  };
}

const context = (snapshots: SnapshotEvent[] = []) => ({ serverUrl: 'http://localhost:9000/', version: '0.1.0', os: 'Linux 6.1', platform: 'linux-x64', startedAt: '2026-01-01T00:00:00.000Z', snapshots });

describe('buildCallReportModel', () => {
  it('has no verdict and no checks, one direction: what the caller received', () => {
    const model = buildCallReportModel(report(), context());
    expect(model).toMatchObject({ verdict: null, checks: [], waterfall: null, pairSummary: null });
    expect(model.headline).toBe('call caller-1 → receiver: 4.0 s of video, ended after --duration');
    expect(model.sections[0]!.directions.map((d) => d.title)).toEqual(['receiver → caller-1']);
    expect(model.sections[0]!.videoRows.every((row) => row.length === 2)).toBe(true);
  });

  it("takes the caller page's snapshots", () => {
    const shot: SnapshotEvent = { type: 'video-snapshot', at: 1, agent: 'caller', peer: 'receiver', moment: 'last-frame', snapshot: { mimeType: 'image/jpeg', width: 640, height: 480, dataUrl: 'data:image/jpeg;base64,AAAA', at: 1 }, error: null };
    const [first, last] = buildCallReportModel(report(), context([shot])).sections[0]!.directions[0]!.snapshots;
    expect(first!.dataUrl).toBeNull();
    expect(last).toMatchObject({ dataUrl: 'data:image/jpeg;base64,AAAA', fileName: 'call-to-receiver-last-frame.jpg' });
  });

  it('charts the received seconds, without an estimate line it could not label truthfully', () => {
    const charts = buildCallReportModel(report(), context()).sections[0]!.charts;
    expect(charts.map((c) => c.id)).toEqual(['call-fps', 'call-bitrate', 'call-loss', 'call-jitter', 'call-rtt', 'call-freezes']);
    expect(charts[1]).toMatchObject({ title: 'Received bitrate', series: [{ label: 'from receiver', values: [470, 470] }] });
  });

  it('says why there are no charts when the call ended before a second was measured', () => {
    const section = buildCallReportModel(report({ seconds: [], ended: 'remote-lost' }), context()).sections[0]!;
    expect(section.charts).toEqual([]);
    expect(section.chartsNote).toMatch(/before a second/);
    expect(section.hangup).toMatch(/lost/);
  });
});
