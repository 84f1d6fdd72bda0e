import { describe, expect, it } from 'vitest';
import { summarizeAudioDirection } from '../../src/core/metrics/audio.js';
import type { MediaStatsSample } from '../../src/protocol.js';

type Audio = NonNullable<MediaStatsSample['inboundAudio']>;
const reading = (fields: Partial<Audio>): Audio => ({
  bytesReceived: 0, packetsReceived: 0, packetsLost: 0, jitterSeconds: 0, audioLevel: null, totalAudioEnergy: 0,
  totalSamplesDuration: 0, totalSamplesReceived: 0, concealedSamples: 0, concealmentEvents: 0, codec: null, ...fields,
});

describe('summarizeAudioDirection', () => {
  it('is null when no reading carried audio', () => {
    expect(summarizeAudioDirection([null, null], 1000)).toBeNull();
    expect(summarizeAudioDirection([], 1000)).toBeNull();
  });

  it('gives the growth over the window, the RMS level from energy over duration, and concealment as a share', () => {
    const first = reading({ bytesReceived: 1000, packetsReceived: 50, totalAudioEnergy: 0.5, totalSamplesDuration: 1, totalSamplesReceived: 48_000, concealedSamples: 100, concealmentEvents: 1, jitterSeconds: 0.002 });
    const last = reading({ bytesReceived: 9000, packetsReceived: 150, packetsLost: 3, totalAudioEnergy: 0.5 + 0.25 * 2, totalSamplesDuration: 3, totalSamplesReceived: 144_000, concealedSamples: 1060, concealmentEvents: 4, jitterSeconds: 0.004, codec: 'audio/opus' });
    expect(summarizeAudioDirection([null, first, last], 2000)).toEqual({
      bitrateKbps: 32,
      packetsReceived: 100,
      packetsLost: 3,
      jitterMs: 4,
      audioLevel: 0.5,
      concealedSamples: 960,
      concealmentEvents: 3,
      concealedPercent: 1,
      codec: 'audio/opus',
    });
  });

  it('has no rate, level or share from a single reading, and never a negative count', () => {
    const one = summarizeAudioDirection([reading({ packetsReceived: 10 })], 0);
    expect(one).toMatchObject({ bitrateKbps: null, audioLevel: null, concealedPercent: null, packetsReceived: 0 });
    const restarted = summarizeAudioDirection([reading({ packetsReceived: 500 }), reading({ packetsReceived: 20 })], 1000);
    expect(restarted?.packetsReceived).toBe(0);
  });
});
