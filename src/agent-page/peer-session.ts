/**
 * The page's one PeerJS Peer: creating it against the signaling server (server-connection.ts watches it
 * afterwards and reconnects), telling PeerJS's errors apart, and destroying it when the page goes away so the other side learns at once (PeerJS sends no LEAVE
 * on a plain tab close; destroy() closes the connections, which the remote sees within a second).
 */
import { Peer, type PeerError } from 'peerjs';
import { NullSafeMsgPack, setMsgPackValueLimit } from './msgpack-connection.js';
import { DEFAULT_MAX_MESSAGE_BYTES, refuseAboveBytes } from '../shared/receive-bounds.js';
import type { AgentErrorKind, PeerStarted, StartPeerOptions } from '../protocol.js';
import { peerErrorKind } from '../shared/peer-error-kind.js';
import { emit } from './emit.js';
import { agentError } from './agent-error.js';
import { watchServerConnection } from './server-connection.js';

let current: { peer: Peer; options: StartPeerOptions } | null = null;
/** destroy() disconnects from the server first; that is not the server going away. */
let destroying = false;

/** The options of the current peer: its ICE configuration, for the ICE watcher. */
export function currentOptions(): StartPeerOptions | null {
  return current?.options ?? null;
}

export function requirePeer(): Peer {
  if (!current || current.peer.destroyed) throw agentError('not-ready', 'startPeer() has not been called, or the peer was destroyed');
  return current.peer;
}

export function errorKindOf(error: PeerError<string> | Error): AgentErrorKind {
  return peerErrorKind((error as { type?: string }).type, error.message);
}

/**
 * PeerJS wraps a browser exception as `new PeerError(type, err)`, which copies only the exception's own
 * enumerable properties: a DOMException has none, so a failed setRemoteDescription reaches 'error' with an
 * empty message (https://github.com/peers/peerjs/blob/v1.5.5/lib/peerError.ts). Just before, PeerJS logs the
 * original (`logger.error("Error:", err)` in emitError); that log call is where the cause is kept.
 */
let lastErrorCause: string | null = null;

function keepErrorCause(_level: number, ...parts: unknown[]): void {
  if (parts[0] === 'Error:') lastErrorCause = describeCause(parts[1]);
}

function describeCause(cause: unknown): string | null {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error || cause instanceof DOMException) return `${cause.name}: ${cause.message}`;
  // A WebSocket error event: the browser tells scripts nothing more (Node diagnoses the server instead).
  return null;
}

/** The error's message, or the cause PeerJS logged with it when the message is empty ('' when there is none). */
export function errorMessageOf(error: Error): string {
  return error.message || lastErrorCause || '';
}

export function startPeer(options: StartPeerOptions, onPeer: (peer: Peer) => void): Promise<PeerStarted> {
  if (current && !current.peer.destroyed) destroyPeer();
  destroying = false;
  setMsgPackValueLimit(refuseAboveBytes(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES));
  const began = performance.now();
  const peerOptions = {
    host: options.server.host,
    port: options.server.port,
    path: options.server.path,
    key: options.server.key,
    secure: options.server.secure,
    // PeerJS hands `config` to every RTCPeerConnection it makes (https://peerjs.com/docs/#peer-options-config).
    // Offline there is no STUN server to ask; an empty list keeps PeerJS from waiting on its defaults.
    config: { iceServers: options.ice.iceServers, iceTransportPolicy: options.ice.iceTransportPolicy },
    // Errors only, to a function that keeps their cause and prints nothing.
    debug: 1 as const,
    logFunction: keepErrorCause,
    // A plain Peer knows binary, json and raw; a MsgPackPeer's connections say "MsgPack", which would fail in
    // `new this._serializers[serialization]` and never open. With it registered, every serialization PeerJS
    // 1.5.5 offers is received. https://github.com/peers/peerjs/blob/v1.5.5/lib/peer.ts (serializers option)
    serializers: { MsgPack: NullSafeMsgPack },
  };
  const peer = options.id ? new Peer(options.id, peerOptions) : new Peer(peerOptions);
  current = { peer, options };
  onPeer(peer);
  watchServerConnection(peer, options, () => destroying);
  return new Promise<PeerStarted>((resolve, reject) => {
    const timer = setTimeout(() => {
      peer.destroy();
      reject(agentError('server-silent', `no OPEN from the signaling server within ${options.timeoutMs / 1000} s`));
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
      reject(agentError(errorKindOf(error), errorMessageOf(error)));
    });
  });
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
