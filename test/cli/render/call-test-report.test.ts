import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/cli/render/call-test-report.js';
import { formatBytes, formatCandidatePair } from '../../../src/cli/render/format.js';
import type { CallTestResult } from '../../../src/core/call-test/result.js';
import { hostIceSide, sampleCallTestResult } from '../../call-test/fixtures.js';

const plain = new Chalk({ level: 0 });
const render = (result: CallTestResult) => renderReport(result, { color: plain });

/** The sample with the video check failing on fps, hang-up skipped, and an --expect that passed. */
function failingResult(): CallTestResult {
  const result = sampleCallTestResult();
  result.verdict = 'fail';
  result.metrics.video.fps = 8.2;
  const video = result.checks[2]!;
  video.status = 'fail';
  video.criteria[3] = { ...video.criteria[3]!, actual: 8.2, pass: false };
  video.criteria.push({ metric: 'video.toSender.bitrateKbps', op: '>=', expected: 500, actual: 1790.4, pass: true, source: 'expect' });
  const hangup = result.checks[3]!;
  hangup.status = 'skipped';
  hangup.error = 'video failed';
  return result;
}

describe('renderReport', () => {
  it('starts with the verdict', () => {
    expect(render(sampleCallTestResult()).split('\n')[0]).toBe('✓ call-test passed: 4 of 4 checks in 8.3 s');
    expect(render(failingResult()).split('\n')[0]).toBe('✗ call-test failed: video (2 passed, 1 failed, 1 skipped; 8.3 s)');
  });

  it('shows every phase with its offset and the step from the previous one', () => {
    const text = render(sampleCallTestResult());
    expect(text).toMatch(/server-listening\s+\+12 ms\s+Δ 12 ms/);
    expect(text).toMatch(/sender-open\s+\+835 ms\s+Δ 6\.0 ms/);
    expect(text).toMatch(/hangup-detected\s+\+8139 ms\s+Δ 1204 ms/);
  });

  it('shows data counts, labelled RTT percentiles and throughput with units', () => {
    const text = render(sampleCallTestResult());
    expect(text).toMatch(/sent\s+delivered\s+lost\s+duplicated\s+reordered\s+corrupted\n\s+100\s+100\s+0\s+0\s+0\s+0/);
    expect(text).toMatch(/RTT\s+p50\s+p95\s+p99\s+max\s+mean\n\s+100 samples\s+1\.2 ms\s+2\.4 ms\s+3\.9 ms\s+4\.4 ms/);
    expect(text).toContain('bulk: 4 MiB in 110 ms → 38.23 MB/s');
  });

  it('shows both video directions side by side', () => {
    const text = render(sampleCallTestResult());
    expect(text).toMatch(/to receiver\s+to sender/);
    expect(text).toMatch(/fps\s+29\.6 fps\s+29\.2 fps/);
    expect(text).toMatch(/resolution\s+640×480\s+640×480/);
    expect(text).toMatch(/bitrate\s+1843 kbps\s+1790 kbps/);
    expect(text).toMatch(/jitter\s+3\.1 ms\s+2\.7 ms/);
    expect(text).toMatch(/codec\s+video\/VP8\s+video\/VP8/);
    expect(text).toContain('getUserMedia 5.2 ms · call → stream 213 ms · call → first frame 249 ms');
    expect(text).toContain('candidate pair host/udp ↔ host/udp');
  });

  it('shows both audio directions, a dash where one carried none', () => {
    const text = render(sampleCallTestResult());
    expect(text).toMatch(/Audio\n\s+to receiver\s+to sender/);
    expect(text).toMatch(/level \(RMS\)\s+0\.480\s+–/);
    expect(text).toMatch(/packets\s+250 received, 0 lost\s+–/);
    expect(text).toMatch(/concealed\s+5626 samples, 3 events \(2\.5 %\)\s+–/);
    const silent = sampleCallTestResult();
    silent.metrics.audio = { toReceiver: null, toSender: null };
    expect(render(silent)).toContain('Audio none (the call carried no audio)');
  });

  it('shows the hang-up and where the harness spent its time', () => {
    const text = render(sampleCallTestResult());
    expect(text).toContain('Hang-up detected after 1204 ms (connection-close)');
    expect(text).toContain('launch 628 ms · pages 150 ms · signaling 45 ms · data 612 ms · media 5486 ms · hang-up 1206 ms · teardown 162 ms · total 8301 ms');
  });

  it('shows failed criteria with value, unit and expectation, and the user\'s own criteria', () => {
    const text = render(failingResult());
    expect(text).toContain('✗ video.fps 8.2 fps (expected >= 10)');
    expect(text).toContain('✓ video.toSender.bitrateKbps 1790 kbps (expected >= 500, --expect)');
    expect(text).not.toContain('video.callToStreamMs'); // passing defaults stay quiet
    expect(text).toMatch(/✗ video 5480 ms \(4 of 5 criteria met\)/);
    expect(text).toContain('– hangup skipped: video failed');
  });

  it('says "not measured" for a failed criterion without a value', () => {
    const result = sampleCallTestResult();
    result.checks[3]!.status = 'fail';
    result.checks[3]!.criteria[0] = { ...result.checks[3]!.criteria[0]!, actual: null, pass: false };
    expect(render(result)).toContain('✗ hangup.detectMs not measured (expected <= 10000)');
  });

  it('shows a check error, indented and without terminal control characters', () => {
    const result = sampleCallTestResult();
    result.checks[1]!.status = 'fail';
    result.checks[1]!.error = 'message 3 was not acknowledged\nwithin 5 s\u001b[2J';
    const text = render(result);
    expect(text).toContain('      error: message 3 was not acknowledged\n        within 5 s\ufffd[2J');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b/);
  });

  it('prints dashes, not "null", for what was not measured', () => {
    const result = sampleCallTestResult();
    const v = result.metrics.video;
    v.callToStreamMs = v.firstFrameMs = v.fps = null;
    v.toSender = { fps: null, framesDecoded: 0, width: null, height: null, bitrateKbps: null, packetsLost: 0, jitterMs: null, freezes: 0, codec: null };
    v.candidatePair = null;
    result.metrics.data.bulk = { bytes: 0, ms: null, throughputMBps: null };
    result.metrics.hangup = { detectMs: null, detectedBy: null };
    result.harness.teardownMs = null;
    const text = render(result);
    expect(text).not.toMatch(/null|NaN|undefined/);
    expect(text).toMatch(/fps\s+29\.6 fps\s+–/);
    expect(text).toContain('call → stream –');
    expect(text).toContain('candidate pair –');
    expect(text).toContain('Hang-up not detected');
    expect(text).toContain('teardown –');
  });

  it('colours the verdict when colour is on, and only then', () => {
    const coloured = renderReport(sampleCallTestResult(), { color: new Chalk({ level: 1 }) });
    // eslint-disable-next-line no-control-regex
    expect(coloured).toMatch(/\u001b\[32m/);
    // eslint-disable-next-line no-control-regex
    expect(render(sampleCallTestResult())).not.toMatch(/\u001b/);
  });
});

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [64, '64 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [16 * 1024, '16 KiB'],
    [4 * 1024 * 1024, '4 MiB'],
    [1.5 * 1024 * 1024, '1.5 MiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatCandidatePair', () => {
  it('names type and protocol on each end', () => {
    expect(
      formatCandidatePair({
        local: { type: 'srflx', protocol: 'udp', address: null },
        remote: { type: 'relay', protocol: 'tcp', address: '10.0.0.1' },
        currentRoundTripTimeMs: null,
      }),
    ).toBe('srflx/udp ↔ relay/tcp');
  });
});

describe('renderReport header with skipped checks', () => {
  it('says how many were skipped on a pass', () => {
    const result = sampleCallTestResult();
    result.checks[3]!.status = 'skipped';
    result.checks[3]!.error = '--no-hangup';
    expect(render(result).split('\n')[0]).toBe('✓ call-test passed: 3 of 4 checks in 8.3 s (1 skipped)');
  });

  it('shows the ICE servers without credentials, what each side gathered and the selected pairs', () => {
    const text = render(sampleCallTestResult());
    expect(text).toContain('ICE (all candidate types)');
    expect(text).toContain('servers: none (host candidates only');
    expect(text).toMatch(/gathered\s+host\/udp ×2\s+host\/udp ×2/);
    expect(text).toMatch(/first candidate\s+host 2\.0 ms/);
    expect(text).toMatch(/selected pair\s+host\/udp ↔ host\/udp\s+host\/udp ↔ host\/udp/);
    expect(text).toContain('data connection: same candidates and pair as the call');
  });

  it('shows TURN errors, escaping what the server sent', () => {
    const result = sampleCallTestResult();
    result.options.ice = { servers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'], credentials: true }], policy: 'relay', turn: null };
    const side = { ...hostIceSide(), policy: 'relay' as const, groups: [], selectedPair: null, state: 'new', errors: [{ url: 'turn:127.0.0.1:3478?transport=udp', errorCode: 401, errorText: 'Unauthorized\u001b[2J', atMs: 60 }] };
    result.metrics.ice.data = { sender: side, receiver: null };
    const text = render(result);
    expect(text).toContain('ICE (relay only)');
    expect(text).toContain('servers: turn:127.0.0.1:3478?transport=udp (credentials hidden)');
    expect(text).toMatch(/server errors: turn:127\.0\.0\.1:3478\?transport=udp: 401 Unauthorized/);
    expect(text).not.toContain('\u001b[2J');
  });
});
