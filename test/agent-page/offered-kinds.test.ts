/** Which kinds an incoming call's offer carries, so the answer carries the same. */
import { describe, expect, it } from 'vitest';
import { kindsInSdp, offeredKinds } from '../../src/agent-page/local-media.js';

const section = (kind: string, extra = '', port = 9) => `m=${kind} ${port} UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n${extra}`;
const offer = (...sections: string[]) => `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${sections.join('')}`;

describe('kindsInSdp', () => {
  it.each<[string, string, { audio: boolean; video: boolean }]>([
    ['audio only', offer(section('audio', 'a=sendrecv\r\n')), { audio: true, video: false }],
    ['video only (the tutorial)', offer(section('video', 'a=sendrecv\r\n')), { audio: false, video: true }],
    ['both', offer(section('audio', 'a=sendrecv\r\n'), section('video', 'a=sendrecv\r\n')), { audio: true, video: true }],
    ['an inactive section does not count', offer(section('audio', 'a=inactive\r\n'), section('video', 'a=sendrecv\r\n')), { audio: false, video: true }],
    ['a rejected section (port 0) does not count', offer(section('audio', 'a=sendrecv\r\n', 0), section('video', 'a=sendonly\r\n')), { audio: false, video: true }],
    ['a data-only offer answers with the camera, as before', offer(section('application', 'a=sctp-port:5000\r\n')), { audio: false, video: true }],
    ['LF line ends', offer(section('audio')).replace(/\r\n/g, '\n'), { audio: true, video: false }],
  ])('%s', (_name, sdp, kinds) => {
    expect(kindsInSdp(sdp)).toEqual(kinds);
  });
});

describe('offeredKinds', () => {
  it('reads the OFFER PeerJS keeps on the MediaConnection', () => {
    expect(offeredKinds({ options: { _payload: { sdp: { type: 'offer', sdp: offer(section('audio')) } } } })).toEqual({ audio: true, video: false });
  });

  it('falls back to the camera when there is no offer to read', () => {
    expect(offeredKinds({})).toEqual({ audio: false, video: true });
  });
});
