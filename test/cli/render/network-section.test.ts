import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/cli/render/call-test-report.js';
import { renderNetwork } from '../../../src/cli/render/network-section.js';
import { sampleCallTestResult } from '../../call-test/fixtures.js';

const plain = new Chalk({ level: 0 });
const network = {
  profile: 'symmetric-nat,loss=5%',
  addresses: { wan: '198.18.7.1', receiver: '10.7.1.2', sender: '10.7.2.2' },
  iceServers: ['turn:198.18.7.1:3478?transport=udp'],
  setupMs: 31.4,
  teardownMs: 12,
};

describe('the Network section of the call-test report', () => {
  it('names the profile, the addresses, the ICE servers and the selected pair', () => {
    const result = sampleCallTestResult();
    result.metrics.video.candidatePair = {
      local: { type: 'relay', protocol: 'udp', address: null, relayProtocol: 'tcp' },
      remote: { type: 'relay', protocol: 'udp', address: null },
      currentRoundTripTimeMs: 1,
    };
    expect(renderNetwork(network, result, plain).split('\n')).toEqual([
      'Network symmetric-nat,loss=5%',
      '  lab          receiver 10.7.1.2 · sender 10.7.2.2 · servers 198.18.7.1',
      '  ICE servers  turn:198.18.7.1:3478?transport=udp',
      '  pair         relay/udp via tcp ↔ relay/udp (RTT 1.0 ms)',
      '  lab set-up   31 ms · tear-down 12 ms',
    ]);
  });

  it('says when nothing connected and when no ICE server was given', () => {
    const result = sampleCallTestResult();
    result.metrics.video.candidatePair = null;
    const text = renderNetwork({ ...network, iceServers: [], teardownMs: null }, result, plain);
    expect(text).toContain('ICE servers  none (host candidates only)');
    expect(text).toContain('pair         none selected (the call did not connect)');
    expect(text).toContain('tear-down –');
  });

  it('appears in the report only with a lab', () => {
    const result = sampleCallTestResult();
    expect(renderReport(result, { color: plain })).not.toContain('Network ');
    expect(renderReport({ ...result, network }, { color: plain })).toContain('\nNetwork symmetric-nat,loss=5%\n');
  });
});
