/**
 * PeerJS's own id rule (peerjs `util.validateId`): letters and digits, joined by single `-`, `_` or space.
 * https://github.com/peers/peerjs/blob/master/lib/util.ts
 * Shared by the CLI (reject before a browser starts) and the server (reject before registering).
 */
export const PEER_ID_PATTERN = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/;

/** No length limit: PeerJS has none and the stock server takes any length, so ours does too (issue 9). */
export function isValidPeerId(id: string): boolean {
  return PEER_ID_PATTERN.test(id);
}
