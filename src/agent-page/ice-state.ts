/**
 * What a connection that never opened lacked, in ICE's terms: behind a NAT without STUN or TURN, the signaling
 * works and the offer and answer cross, but no candidate pair ever answers a connectivity check. Appended to
 * the timeout's ICE description (ice-watch.ts), it points the user at ICE servers instead of at the signaling
 * server.
 */
export function iceAdvice(pc: RTCPeerConnection | null | undefined): string {
  if (!pc) return '';
  const state = pc.iceConnectionState;
  if (state !== 'new' && state !== 'checking' && state !== 'failed') return '';
  const urls = (pc.getConfiguration().iceServers ?? []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  if (urls.some((u) => /^turns?:/.test(u))) return '; no candidate pair worked, not even through the TURN server: is it reachable over the transports given?';
  if (urls.length) return '; no candidate pair worked: STUN was not enough, a symmetric NAT or a firewall in between needs TURN';
  return '; no candidate pair worked: a NAT or firewall in between needs STUN or TURN';
}
