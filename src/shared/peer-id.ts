/**
 * PeerJS's own id rule (peerjs `util.validateId`): letters and digits, joined by single `-`, `_` or space.
 * https://github.com/peers/peerjs/blob/master/lib/util.ts
 * Shared by the CLI (reject before a browser starts) and the server (reject before registering).
 */
export const PEER_ID_PATTERN = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/;
export const PEER_ID_MAX_LENGTH = 128;

export function isValidPeerId(id: string): boolean {
  return id.length <= PEER_ID_MAX_LENGTH && PEER_ID_PATTERN.test(id);
}
