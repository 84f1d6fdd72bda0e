import { describe, expect, it } from 'vitest';
import { SDP_MAX_CHARS, addressFamily, shortenFingerprint, summarizeCandidate, summarizeSdp } from '../../src/shared/sdp-summary.js';

// Shaped like Chromium's (taken from a `call-test --trace` run here, shortened): one video section with RTX
// and FEC, one data section, BUNDLE, trickle ICE (no candidates inside).
const CHROME_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS 1f5a',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 35 36 123 122 125',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:r8pt',
  'a=ice-pwd:yXNvJX0aBWm3CqvbE6wVwXU9',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 83:79:3E:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:B5:EB',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=rtpmap:99 rtx/90000',
  'a=rtpmap:35 AV1/90000',
  'a=rtpmap:36 rtx/90000',
  'a=rtpmap:123 red/90000',
  'a=rtpmap:122 rtx/90000',
  'a=rtpmap:125 ulpfec/90000',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:r8pt',
  'a=ice-pwd:yXNvJX0aBWm3CqvbE6wVwXU9',
  'a=fingerprint:sha-256 83:79:3E:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:B5:EB',
  'a=setup:actpass',
  'a=mid:1',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');

describe('summarizeSdp', () => {
  it("reads Chromium's offer: sections, codecs in order without repeats, ufrag, fingerprint, setup", () => {
    expect(summarizeSdp('offer', CHROME_OFFER)).toEqual({
      type: 'offer',
      media: [
        { kind: 'video', mid: '0', direction: 'sendrecv', codecs: ['VP8', 'rtx', 'VP9', 'AV1', 'red', 'ulpfec'], port: 9 },
        { kind: 'application', mid: '1', direction: null, codecs: ['webrtc-datachannel'], port: 9 },
      ],
      iceUfrag: 'r8pt',
      fingerprint: { algorithm: 'sha-256', short: '83:79:3E…B5:EB' },
      setup: 'actpass',
      candidates: 0,
      chars: CHROME_OFFER.length,
    });
  });

  it.each<[string, string, Partial<ReturnType<typeof summarizeSdp>>]>([
    ['an answer taking the DTLS client role', 'v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=setup:active\na=recvonly\na=rtpmap:111 opus/48000/2', {
      media: [{ kind: 'audio', mid: null, direction: 'recvonly', codecs: ['opus'], port: 9 }],
      setup: 'active',
    }],
    ['a rejected section (port 0)', 'm=video 0 UDP/TLS/RTP/SAVPF 96\na=inactive', { media: [{ kind: 'video', mid: null, direction: 'inactive', codecs: [], port: 0 }] }],
    ['session-level ICE and DTLS attributes (before any m=)', 'v=0\na=ice-ufrag:abcd\na=fingerprint:sha-1 AA:BB\na=setup:passive\nm=application 9 DTLS/SCTP 5000', {
      iceUfrag: 'abcd',
      fingerprint: { algorithm: 'sha-1', short: 'AA:BB' },
      setup: 'passive',
    }],
    ['candidates inside the SDP (no trickle)', 'm=audio 9 RTP/AVP 0\na=candidate:1 1 udp 1 10.0.0.1 5000 typ host\na=candidate:2 1 udp 1 10.0.0.1 5001 typ host', { candidates: 2 }],
    ['no m= lines at all', 'v=0\no=- 1 1 IN IP4 0.0.0.0', { media: [], iceUfrag: null, fingerprint: null, setup: null }],
    ['text that is not SDP', '\u001b[2J not sdp', { media: [], iceUfrag: null }],
    ['an m= line with a non-numeric port', 'm=video x RTP 96', { media: [{ kind: 'video', mid: null, direction: null, codecs: [], port: null }] }],
  ])('%s', (_name, sdp, expected) => {
    expect(summarizeSdp('offer', sdp)).toMatchObject(expected);
  });

  it('bounds what it reads from a hostile SDP: sections, codecs, token length, input size', () => {
    const codecs = Array.from({ length: 30 }, (_, i) => `a=rtpmap:${i} C${i}/90000`).join('\n');
    const many = Array.from({ length: 30 }, () => `m=video 9 RTP 96\n${codecs}`).join('\n');
    const summary = summarizeSdp('offer', many);
    expect(summary.media).toHaveLength(16);
    expect(summary.media[0]!.codecs).toHaveLength(24);
    expect(summarizeSdp('offer', `a=ice-ufrag:${'u'.repeat(10_000)}`).iceUfrag).toHaveLength(64);
    const late = `${'x'.repeat(SDP_MAX_CHARS)}\na=ice-ufrag:late`;
    expect(summarizeSdp('offer', late)).toMatchObject({ iceUfrag: null, chars: late.length });
  });
});

describe('shortenFingerprint', () => {
  it.each([
    ['AA:BB:CC:DD:EE:FF:00:11', 'AA:BB:CC…00:11'],
    ['AA:BB:CC:DD:EE', 'AA:BB:CC:DD:EE'],
    ['', ''],
  ])('%s → %s', (hash, short) => expect(shortenFingerprint(hash)).toBe(short));
});

describe('summarizeCandidate', () => {
  it.each<[string, ReturnType<typeof summarizeCandidate>]>([
    ['candidate:842163049 1 udp 2122260223 192.168.1.20 54321 typ host generation 0 ufrag r8pt network-id 1', { type: 'host', protocol: 'udp', tcpType: null, family: 'ipv4', component: 1, mid: '0' }],
    ['candidate:1 1 udp 2122262783 2001:db8::1 40000 typ host', { type: 'host', protocol: 'udp', tcpType: null, family: 'ipv6', component: 1, mid: '0' }],
    ['candidate:2 1 udp 2113937151 3b8f2c1e-8a4d-4d6e-9f1a-0e2b7c5d9a10.local 51000 typ host', { type: 'host', protocol: 'udp', tcpType: null, family: 'mdns', component: 1, mid: '0' }],
    ['candidate:3 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.1.20 rport 54321', { type: 'srflx', protocol: 'udp', tcpType: null, family: 'ipv4', component: 1, mid: '0' }],
    ['candidate:4 1 udp 41885439 198.51.100.2 3478 typ relay raddr 203.0.113.7 rport 61000', { type: 'relay', protocol: 'udp', tcpType: null, family: 'ipv4', component: 1, mid: '0' }],
    ['candidate:5 1 TCP 1518280447 192.168.1.20 9 typ host tcptype active', { type: 'host', protocol: 'tcp', tcpType: 'active', family: 'ipv4', component: 1, mid: '0' }],
    ['a=candidate:6 2 udp 1 10.0.0.1 5000 typ prflx', { type: 'prflx', protocol: 'udp', tcpType: null, family: 'ipv4', component: 2, mid: '0' }],
    ['candidate:7 1 udp 1 not-an-address 5000 typ host', { type: 'host', protocol: 'udp', tcpType: null, family: 'unknown', component: 1, mid: '0' }],
  ])('%s', (line, expected) => {
    expect(summarizeCandidate(line, '0')).toEqual(expected);
  });

  it.each(['', 'candidate:1 1 udp', 'candidate:1 1 udp 1 10.0.0.1 5000 type host', 'hello world'])('returns null for %j', (line) => {
    expect(summarizeCandidate(line)).toBeNull();
  });
});

describe('addressFamily', () => {
  it.each([
    ['10.0.0.1', 'ipv4'],
    ['::1', 'ipv6'],
    ['fe80::1%eth0', 'unknown'],
    ['ABCD.LOCAL', 'mdns'],
    ['', 'unknown'],
  ])('%s → %s', (address, family) => expect(addressFamily(address)).toBe(family));
});
