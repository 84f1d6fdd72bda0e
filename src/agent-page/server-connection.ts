/**
 * Watching the page's connection to the signaling server after the first OPEN: errors are reported, and a
 * lost connection is retried with the backoff of src/shared/reconnect-backoff.ts. The backoff keeps counting
 * across connections the server drops soon after OPEN, so a server that accepts and then refuses us is tried
 * ever more slowly, and said to be refusing, instead of being hammered every ~0.75 s.
 */
import type { Peer } from 'peerjs';
import type { StartPeerOptions } from '../protocol.js';
import { REFUSALS_REPORTED_AFTER, STABLE_CONNECTION_MS, reconnectDelayMs } from '../shared/reconnect-backoff.js';
import { emit } from './emit.js';
import { sleep } from './timers.js';
import { errorKindOf, errorMessageOf } from './peer-session.js';

const SOCKET_ERRORS: ReadonlySet<string> = new Set(['network', 'socket-error', 'socket-closed']);

/** How long one reconnect attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 8000;

export function watchServerConnection(peer: Peer, options: StartPeerOptions, isDestroying: () => boolean): void {
  let opened = false;
  let openedAt = 0;
  /** Reconnect attempts since the last connection that held; indexes the backoff. */
  let attempts = 0;
  /** Connections in a row that the server dropped before STABLE_CONNECTION_MS. */
  let refusals = 0;
  let serverSaid: string | null = null;
  peer.on('open', () => {
    if (opened) emit({ type: 'peer-reconnected', at: Date.now() });
    opened = true;
    openedAt = performance.now();
  });
  peer.on('error', (error) => {
    if (!opened) return;
    const errorType = errorKindOf(error);
    const message = errorMessageOf(error);
    if (errorType === 'server-error' || errorType === 'invalid-key') serverSaid = message;
    // A failed attempt during an outage is part of that outage, already reported as one line.
    else if (reconnecting && SOCKET_ERRORS.has(errorType)) return;
    emit({ type: 'peer-error', errorType, message, at: Date.now() });
  });
  // PeerJS emits 'disconnected' again for every failed reconnect() (its _abort → disconnect()); one outage is one
  // event and one backoff loop, else each failed attempt starts another loop and attempts multiply.
  let reconnecting = false;
  peer.on('disconnected', () => {
    // Before the first OPEN there was no server connection to lose: a refused id (ID-TAKEN) also ends in
    // 'disconnected', and startPeer reports that as the error it is.
    if (!opened || peer.destroyed || isDestroying() || reconnecting) return;
    if (performance.now() - openedAt >= STABLE_CONNECTION_MS) {
      attempts = 0;
      refusals = 0;
      serverSaid = null;
    } else {
      refusals += 1;
    }
    const retryInMs = options.reconnect ? reconnectDelayMs(attempts) : null;
    emit({ type: 'peer-disconnected', at: Date.now(), retryInMs, refusals: refusals >= REFUSALS_REPORTED_AFTER ? refusals : 0, serverSaid });
    if (!options.reconnect) return;
    reconnecting = true;
    void reconnect().finally(() => {
      reconnecting = false;
    });
  });

  async function reconnect(): Promise<void> {
    while (!peer.destroyed && peer.disconnected) {
      await sleep(reconnectDelayMs(attempts));
      attempts += 1;
      if (peer.destroyed || !peer.disconnected) return;
      try {
        peer.reconnect();
      } catch {
        return; // reconnect() throws when the peer was destroyed meanwhile.
      }
      if (await attemptOpened(peer)) return;
      // An attempt that hangs (no OPEN, no error) is given up, so the next one can start.
      if (!peer.destroyed && !peer.disconnected) peer.disconnect();
    }
  }
}

/** Resolves true on OPEN, false when the attempt failed or took longer than ATTEMPT_TIMEOUT_MS. */
function attemptOpened(peer: Peer): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (opened: boolean) => {
      clearTimeout(timer);
      peer.off('open', onOpen);
      peer.off('disconnected', onFailed);
      resolve(opened);
    };
    const onOpen = () => finish(true);
    const onFailed = () => finish(false);
    const timer = setTimeout(onFailed, ATTEMPT_TIMEOUT_MS);
    peer.on('open', onOpen);
    peer.on('disconnected', onFailed);
  });
}
