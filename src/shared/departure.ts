/**
 * Telling a hang-up from a crash. A page that closes runs pagehide, destroys its peer, and the other side's
 * PeerJS connection closes within milliseconds; a browser that is killed says nothing, and only ICE notices
 * (`disconnected` after ~5 s of silence, https://www.w3.org/TR/webrtc/#dom-rtciceconnectionstate).
 */
import type { DepartureSignal } from '../protocol.js';

export type DepartureKind = 'hang-up' | 'lost';

export function departureKind(signal: DepartureSignal): DepartureKind {
  return signal === 'connection-close' || signal === 'peer-connection-closed' ? 'hang-up' : 'lost';
}

export function describeDeparture(signal: DepartureSignal): string {
  switch (signal) {
    case 'connection-close':
      return 'hung up: PeerJS close';
    case 'peer-connection-closed':
      return 'hung up: RTCPeerConnection closed';
    case 'ice-disconnected':
      return 'lost without a hang-up (crash or network): ICE disconnected';
    case 'ice-failed':
      return 'lost without a hang-up (crash or network): ICE failed';
    case 'ice-closed':
      return 'lost: ICE closed';
    case 'frames-stopped':
      return 'lost without a hang-up: video frames stopped';
  }
}
