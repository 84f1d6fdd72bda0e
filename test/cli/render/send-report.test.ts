import { describe, expect, it } from 'vitest';
import { renderSendReport, sendJson } from '../../../src/cli/render/send-report.js';
import { colorsFor } from '../../../src/cli/output.js';
import type { SendReport } from '../../../src/core/send.js';

const plain = colorsFor({ isTTY: false } as NodeJS.WriteStream);

const toPlainPage: SendReport = {
  id: 'a1b2',
  to: 'receiver',
  peerOpenMs: 40.2,
  connectionOpenMs: 95.5,
  remoteIsRtcdemo: false,
  helloWaitMs: 1001.3,
  serialization: 'binary',
  messages: [{ index: 0, bytes: 3, delivery: 'sent', rttMs: null, drainMs: 0.4 }],
  ice: null,
};

describe('renderSendReport to a plain PeerJS page', () => {
  it('reports the drain time and the hello wait as two numbers', () => {
    const lines = renderSendReport(toPlainPage, plain).trimEnd().split('\n');
    expect(lines.slice(2)).toEqual([
      'sent             1 message(s), buffer drained 0.4 ms after sending',
      'no hello in 1001 ms: the receiver is a plain PeerJS page, which does not acknowledge',
    ]);
  });

  it('says so when the buffer did not drain in time', () => {
    const report = { ...toPlainPage, messages: [{ ...toPlainPage.messages[0]!, drainMs: null }] };
    expect(renderSendReport(report, plain)).toContain('1 message(s), buffer not drained in time');
  });

  it('puts both in --json', () => {
    expect(sendJson(toPlainPage, 'http://localhost:9000/')).toMatchObject({ helloWaitMs: 1001.3, messages: [{ drainMs: 0.4 }] });
  });
});

describe('renderSendReport with the data connection\'s ICE', () => {
  it('lists the candidates gathered, the selected pair and server errors, escaped', () => {
    const report: SendReport = {
      ...toPlainPage,
      ice: {
        policy: 'relay',
        groups: [{ type: 'relay', protocol: 'udp', relayProtocol: 'tcp', count: 1, firstMs: 60 }],
        firstMs: { host: null, srflx: null, prflx: null, relay: 60 },
        gatheringCompleteMs: 80,
        errors: [{ url: 'turn:127.0.0.1:3478?transport=udp', errorCode: 401, errorText: 'Unauthorized\u001b[2J', atMs: 50 }],
        state: 'connected',
        selectedPair: {
          local: { type: 'relay', protocol: 'udp', address: '127.0.0.1', relayProtocol: 'tcp' },
          remote: { type: 'relay', protocol: 'udp', address: '127.0.0.1', relayProtocol: null },
          currentRoundTripTimeMs: 1,
        },
      },
    };
    const text = renderSendReport(report, plain);
    expect(text).toContain('ICE gathered     relay/udp via tcp ×1\n');
    expect(text).toContain('selected pair    relay/udp via tcp ↔ relay/udp\n');
    expect(text).toContain('ICE errors       turn:127.0.0.1:3478?transport=udp: 401 Unauthorized\\u001b[2J');
    expect(sendJson(report, 'http://localhost:9000/').ice).toBe(report.ice);
  });
});
