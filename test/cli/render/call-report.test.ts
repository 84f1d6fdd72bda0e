import { describe, expect, it } from 'vitest';
import { audioRows } from '../../../src/cli/render/call-report.js';

describe("rtcdemo call's audio rows", () => {
  it('show level, packets, jitter and concealment of the audio received', () => {
    expect(
      audioRows({ bitrateKbps: 31.4, packetsReceived: 149, packetsLost: 2, jitterMs: 5, audioLevel: 0.4812, concealedSamples: 5626, concealmentEvents: 3, concealedPercent: 3.71, codec: 'audio/opus' }),
    ).toEqual([
      ['audio received', '31 kbps, level 0.481, audio/opus'],
      ['audio packets', '149 received, 2 lost, jitter 5.0 ms'],
      ['audio concealed', '5626 samples in 3 events (3.71 %)'],
    ]);
  });

  it('say so when the answer carried no audio (the tutorial answers with its camera only)', () => {
    expect(audioRows(null)).toEqual([['audio received', 'none (the answer carried no audio)']]);
  });

  it('escape a codec name from the network', () => {
    const rows = audioRows({ bitrateKbps: null, packetsReceived: 0, packetsLost: 0, jitterMs: null, audioLevel: null, concealedSamples: 0, concealmentEvents: 0, concealedPercent: null, codec: 'audio/\u001b[2Jx' });
    expect(rows[0]![1]).toBe('– kbps, level –, audio/\\u001b[2Jx');
  });
});
