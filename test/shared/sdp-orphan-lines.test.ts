import { describe, expect, it } from 'vitest';
import { dropOrphanPayloadLines } from '../../src/shared/sdp-orphan-lines.js';

// Trimmed from a Firefox ESR 153 offer after setCodecPreferences([VP9, rtx]) (Chromium refused it whole).
const FIREFOX_OFFER = [
  'v=0',
  'o=mozilla...THIS_IS_SDPARTA-99.0 1 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 121 125',
  'c=IN IP4 0.0.0.0',
  'a=fmtp:121 max-fs=12288;max-fr=60',
  'a=fmtp:125 apt=121',
  'a=rtcp-fb:120 nack',
  'a=rtcp-fb:121 nack',
  'a=rtcp-fb:121 nack pli',
  'a=rtcp-fb:99 transport-cc',
  'a=rtcp-fb:* ccm fir',
  'a=rtpmap:121 VP9/90000',
  'a=rtpmap:125 rtx/90000',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=sctp-port:5000',
  '',
].join('\r\n');

describe('dropOrphanPayloadLines', () => {
  it("drops the lines of payload types the m= line does not list, and nothing else", () => {
    const out = dropOrphanPayloadLines(FIREFOX_OFFER).split('\r\n');
    expect(out).not.toContain('a=rtcp-fb:120 nack');
    expect(out).not.toContain('a=rtcp-fb:99 transport-cc');
    expect(out).toEqual(FIREFOX_OFFER.split('\r\n').filter((l) => l !== 'a=rtcp-fb:120 nack' && l !== 'a=rtcp-fb:99 transport-cc'));
  });

  it('leaves an SDP without orphans unchanged, whatever its line ends', () => {
    const clean = dropOrphanPayloadLines(FIREFOX_OFFER);
    expect(dropOrphanPayloadLines(clean)).toBe(clean);
    const lf = clean.replaceAll('\r\n', '\n');
    expect(dropOrphanPayloadLines(lf)).toBe(lf);
  });
});
