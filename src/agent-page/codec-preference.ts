/**
 * `--codec`: the video codec both ends should use, set with RTCRtpTransceiver.setCodecPreferences
 * (https://w3c.github.io/webrtc-pc/#dom-rtcrtptransceiver-setcodecpreferences) rather than by rewriting SDP.
 * PeerJS creates its RTCPeerConnections and calls createOffer/createAnswer itself, right after adding the
 * tracks (peerjs negotiator.ts startConnection → _makeOffer), so there is no moment in between to reach its
 * transceivers: the preference is applied in a wrapper around createOffer and createAnswer instead.
 * A codec this browser can't send or receive is refused up front, so the call never starts and hangs.
 */
import type { VideoCodecName, VideoCodecSupport } from '../protocol.js';
import { agentError } from './agent-error.js';
import { dropOrphanPayloadLines } from '../shared/sdp-orphan-lines.js';

let preferred: VideoCodecName | null = null;
let installed = false;

export function videoCodecSupport(): VideoCodecSupport {
  const names = (caps: RTCRtpCapabilities | null) => [...new Set((caps?.codecs ?? []).map((c) => c.mimeType.replace(/^video\//i, '')).filter((n) => !/^(rtx|red|ulpfec|flexfec-03)$/i.test(n)))];
  return { send: names(RTCRtpSender.getCapabilities('video')), receive: names(RTCRtpReceiver.getCapabilities('video')) };
}

/** Prefers `codec` on every video transceiver of this page's later offers and answers; null clears it. */
export function preferVideoCodec(codec: VideoCodecName | null): VideoCodecSupport {
  const support = videoCodecSupport();
  if (codec !== null) {
    const has = (list: string[]) => list.some((n) => n.toUpperCase() === codec);
    const missing = [has(support.send) ? null : 'send', has(support.receive) ? null : 'receive'].filter(Boolean);
    if (missing.length) throw agentError('codec', `this browser cannot ${missing.join(' or ')} ${codec} (it can send ${support.send.join(', ') || 'no video codec'})`);
  }
  preferred = codec;
  if (!installed && codec !== null) install();
  return support;
}

function install(): void {
  installed = true;
  const proto = RTCPeerConnection.prototype;
  const createOffer = proto.createOffer;
  const createAnswer = proto.createAnswer;
  proto.createOffer = function (this: RTCPeerConnection, ...args: unknown[]) {
    applyPreference(this);
    return (createOffer as (...a: unknown[]) => Promise<RTCSessionDescriptionInit>).apply(this, args).then(withoutOrphanLines);
  } as typeof proto.createOffer;
  proto.createAnswer = function (this: RTCPeerConnection, ...args: unknown[]) {
    applyPreference(this);
    return (createAnswer as (...a: unknown[]) => Promise<RTCSessionDescriptionInit>).apply(this, args).then(withoutOrphanLines);
  } as typeof proto.createAnswer;
}

/** Firefox's description after setCodecPreferences needs cleaning before Chromium accepts it (sdp-orphan-lines.ts). */
function withoutOrphanLines(description: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
  return preferred === null || !description.sdp ? description : { type: description.type, sdp: dropOrphanPayloadLines(description.sdp) };
}

function applyPreference(pc: RTCPeerConnection): void {
  if (preferred === null) return;
  const codec = preferred;
  // setCodecPreferences takes codecs from the receiver's capabilities; RTX stays so that NACK retransmissions still work.
  const all = RTCRtpReceiver.getCapabilities('video')?.codecs ?? [];
  const chosen = all.filter((c) => c.mimeType.toUpperCase() === `VIDEO/${codec}`);
  const rtx = all.filter((c) => /\/rtx$/i.test(c.mimeType));
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.receiver.track.kind !== 'video' || transceiver.currentDirection === 'stopped') continue;
    transceiver.setCodecPreferences([...chosen, ...rtx]);
  }
}
