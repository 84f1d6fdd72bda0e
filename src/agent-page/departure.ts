/**
 * Noticing that the other side is gone. PeerJS's `close` events are not enough: when a tab closes, the
 * remote DataConnection/MediaConnection often never fires `close`, and ICE only goes `disconnected` after
 * ~5 s of silence (https://github.com/peers/peerjs/issues/636). So we watch every signal and report the
 * first: PeerJS close, ICE state, and the RTCPeerConnection's own connectionState.
 */
import type { DepartureSignal } from '../protocol.js';
import { emit } from './emit.js';

export function watchDeparture(
  pc: RTCPeerConnection,
  peer: string,
  media: boolean,
  onGone: (signal: DepartureSignal) => void,
): () => void {
  let gone = false;
  const report = (signal: DepartureSignal) => {
    if (gone) return;
    gone = true;
    onGone(signal);
  };
  const onIce = () => {
    const state = pc.iceConnectionState;
    emit({ type: 'ice-state', peer, media, state, at: Date.now() });
    if (state === 'disconnected') report('ice-disconnected');
    else if (state === 'failed') report('ice-failed');
    else if (state === 'closed') report('ice-closed');
  };
  const onConnection = () => {
    if (pc.connectionState === 'closed') report('peer-connection-closed');
    else if (pc.connectionState === 'failed') report('ice-failed');
  };
  pc.addEventListener('iceconnectionstatechange', onIce);
  pc.addEventListener('connectionstatechange', onConnection);
  return () => {
    gone = true;
    pc.removeEventListener('iceconnectionstatechange', onIce);
    pc.removeEventListener('connectionstatechange', onConnection);
  };
}
