/**
 * The page's one PeerJS Peer: creating it against the signaling server, reconnecting when the server comes
 * back, and destroying it when the page goes away so the other side learns at once (PeerJS sends no LEAVE
 * on a plain tab close; destroy() closes the connections, which the remote sees within a second).
 */
import { Peer, type PeerError } from 'peerjs';
import type { AgentErrorKind, PeerStarted, StartPeerOptions } from '../protocol.js';
import { emit } from './emit.js';
import { agentError } from './agent-error.js';
import { sleep } from './timers.js';

let current: { peer: Peer; options: StartPeerOptions } | null = null;
/** destroy() disconnects from the server first; that is not the server going away. */
let destroying = false;

export function requirePeer(): Peer {
  if (!current || current.peer.destroyed) throw agentError('not-ready', 'startPeer() has not been called, or the peer was destroyed');
  return current.peer;
}

const ERROR_KINDS: Record<string, AgentErrorKind> = {
  'peer-unavailable': 'peer-unavailable',
  'unavailable-id': 'unavailable-id',
  'invalid-id': 'invalid-id',
  'invalid-key': 'invalid-key',
  network: 'network',
  'server-error': 'server-error',
  'socket-error': 'socket-error',
  'socket-closed': 'socket-closed',
  webrtc: 'webrtc',
};

export function errorKindOf(error: PeerError<string> | Error): AgentErrorKind {
  const type = (error as { type?: string }).type;
  return (type && ERROR_KINDS[type]) || 'server-error';
}

export function startPeer(options: StartPeerOptions, onPeer: (peer: Peer) => void): Promise<PeerStarted> {
  if (current && !current.peer.destroyed) destroyPeer();
  destroying = false;
  const began = performance.now();
  const peerOptions = {
    host: options.server.host,
    port: options.server.port,
    path: options.server.path,
    key: options.server.key,
    secure: options.server.secure,
    // Offline there is no STUN server to ask; an empty list keeps PeerJS from waiting on its defaults.
    config: { iceServers: options.iceServers },
    debug: 0 as const,
  };
  const peer = options.id ? new Peer(options.id, peerOptions) : new Peer(peerOptions);
  current = { peer, options };
  onPeer(peer);
  watchServerConnection(peer, options);
  return new Promise<PeerStarted>((resolve, reject) => {
    const timer = setTimeout(() => {
      peer.destroy();
      reject(agentError('timeout', `the signaling server did not confirm the peer within ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    peer.once('open', (id) => {
      clearTimeout(timer);
      const at = Date.now();
      emit({ type: 'peer-open', id, at });
      resolve({ id, openMs: performance.now() - began, at });
    });
    peer.once('error', (error) => {
      if (peer.open) return;
      clearTimeout(timer);
      peer.destroy();
      reject(agentError(errorKindOf(error), error.message));
    });
  });
}

/** Reports errors after open, and reconnects with backoff when the signaling socket drops. */
function watchServerConnection(peer: Peer, options: StartPeerOptions): void {
  let opened = false;
  peer.on('open', () => {
    if (opened) emit({ type: 'peer-reconnected', at: Date.now() });
    opened = true;
  });
  peer.on('error', (error) => {
    if (opened) emit({ type: 'peer-error', errorType: errorKindOf(error), message: error.message, at: Date.now() });
  });
  // PeerJS emits 'disconnected' again for every failed reconnect() (its _abort → disconnect()); one outage is one
  // event and one backoff loop, else each failed attempt starts another loop and attempts multiply.
  let reconnecting = false;
  peer.on('disconnected', () => {
    // Before the first OPEN there was no server connection to lose: a refused id (ID-TAKEN) also ends in
    // 'disconnected', and startPeer reports that as the error it is.
    if (!opened || peer.destroyed || destroying || reconnecting) return;
    emit({ type: 'peer-disconnected', at: Date.now() });
    if (!options.reconnect) return;
    reconnecting = true;
    void reconnectWithBackoff(peer).finally(() => { reconnecting = false; });
  });
}

async function reconnectWithBackoff(peer: Peer): Promise<void> {
  for (let delay = 250; !peer.destroyed && peer.disconnected; delay = Math.min(delay * 2, 4000)) {
    await sleep(delay);
    if (peer.destroyed || !peer.disconnected) return;
    try {
      peer.reconnect();
    } catch {
      // reconnect() throws when the peer was destroyed meanwhile; the loop ends then.
    }
    // Give the socket time to open before trying again.
    await sleep(delay);
  }
}

export function destroyPeer(): void {
  destroying = true;
  const peer = current?.peer;
  if (!peer) return;
  // PeerJS 1.5.5's destroy() closes a peer's connections while iterating the array each close() splices
  // itself out of, so every second connection stays open (a call after a data connection, for one) and the
  // other side only learns from ICE seconds later. Closing copies first closes them all.
  for (const connections of Object.values(peer.connections as Record<string, Array<{ close(): void }>>)) {
    for (const connection of [...connections]) connection.close();
  }
  peer.destroy();
}

// A page that goes away (closed, navigated) tells its peers at once instead of leaving them to ICE timeouts.
addEventListener('pagehide', () => destroyPeer());
