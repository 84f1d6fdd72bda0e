/**
 * Opening a DataConnection from this page, the way rtcdemo senders do: reliable (PeerJS defaults to an
 * unordered channel that may drop, https://peerjs.com/docs/#peerconnect-options), with metadata that tells
 * an rtcdemo receiver to acknowledge. A missing peer surfaces as a Peer-level 'peer-unavailable' error once
 * the server expires the offer, so both the connection and the peer are watched.
 */
import { iceAdvice } from './ice-state.js';
import type { DataConnection } from 'peerjs';
import { AGENT_PROTOCOL_VERSION, type ControlMessage, type RtcdemoConnectionMetadata, type Serialization } from '../protocol.js';
import { decodeControl } from '../shared/control-message.js';
import { emit } from './emit.js';
import { agentError } from './agent-error.js';
import { errorKindOf, errorMessageOf, requirePeer } from './peer-session.js';
import { watchDeparture } from './departure.js';
import { watchIce } from './ice-watch.js';

export interface OpenedConnection {
  conn: DataConnection;
  openMs: number;
  openedAt: number;
  /** Resolves with the next control message matching `accept`, or null after `timeoutMs`. */
  nextControl<T extends ControlMessage>(accept: (m: ControlMessage) => m is T, timeoutMs: number): Promise<T | null>;
  /** True once the receiver said hello. */
  isRtcdemo(): boolean;
}

export async function openConnection(
  to: string,
  options: { serialization: Serialization; purpose: 'message' | 'check'; expected?: number; timeoutMs: number },
): Promise<OpenedConnection> {
  const peer = requirePeer();
  const metadata: RtcdemoConnectionMetadata = { rtcdemo: { version: AGENT_PROTOCOL_VERSION, purpose: options.purpose, expected: options.expected } };
  const began = performance.now();
  const conn = peer.connect(to, { reliable: true, serialization: options.serialization, metadata });
  if (!conn) throw agentError('webrtc', `PeerJS could not create a connection to "${to}"`);
  const ice = conn.peerConnection ? watchIce(conn.peerConnection, to, 'data') : null;

  const inbox: ControlMessage[] = [];
  const waiters = new Set<() => void>();
  let hello = false;
  conn.on('data', (data) => {
    const control = decodeControl(data);
    if (!control) return;
    if (control.rtcdemo === 'hello') hello = true;
    inbox.push(control);
    for (const wake of waiters) wake();
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(unopenedError(to, conn.peerConnection, 'the connection', options.timeoutMs, ice)), options.timeoutMs);
    const onPeerError = (error: Error) => {
      if (errorKindOf(error) === 'peer-unavailable') fail(agentError('peer-unavailable', 'the server answered EXPIRE'));
    };
    function fail(error: Error) {
      cleanup();
      conn?.close();
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      peer.off('error', onPeerError);
    }
    peer.on('error', onPeerError);
    // A relay-only connection whose TURN server failed ends now, naming the server and its error.
    ice?.failure.catch(fail);
    conn.once('error', (error) => fail(agentError('webrtc', `${errorMessageOf(error)}${ice ? ` (${ice.describe()})` : ''}`)));
    conn.once('open', () => {
      cleanup();
      resolve();
    });
  });
  const openedAt = Date.now();
  emit({ type: 'connection-open', peer: to, rtcdemo: false, serialization: options.serialization, at: openedAt });
  let closed = false;
  const onGone = (signal: Parameters<Parameters<typeof watchDeparture>[3]>[0]) => {
    if (closed) return;
    closed = true;
    emit({ type: 'connection-close', peer: to, signal, at: Date.now() });
  };
  conn.on('close', () => onGone('connection-close'));
  if (conn.peerConnection) watchDeparture(conn.peerConnection, to, false, onGone);

  return {
    conn,
    openMs: performance.now() - began,
    openedAt,
    isRtcdemo: () => hello,
    nextControl<T extends ControlMessage>(accept: (m: ControlMessage) => m is T, timeoutMs: number): Promise<T | null> {
      return new Promise((resolve) => {
        const check = () => {
          const index = inbox.findIndex(accept);
          if (index < 0) return false;
          const [found] = inbox.splice(index, 1);
          finish(found as T);
          return true;
        };
        const timer = setTimeout(() => finish(null), timeoutMs);
        const wake = () => void check();
        function finish(value: T | null) {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(value);
        }
        if (!check()) waiters.add(wake);
      });
    },
  };
}

/**
 * Why a connection or call did not open in time. Without an ANSWER the remote never took the offer: an absent
 * peer looks exactly so until the server's EXPIRE (5 s on ours, longer on others), so a short --timeout must not
 * turn "peer not found" into a different outcome. With an ANSWER, the peer is there and the path failed (ICE/DTLS).
 */
export function unopenedError(to: string, pc: RTCPeerConnection | undefined, what: string, timeoutMs: number, ice?: { describe(): string } | null): Error {
  const seconds = Math.round(timeoutMs / 100) / 10;
  if (!pc?.remoteDescription) return agentError('peer-unavailable', `no answer from "${to}" within ${seconds} s`);
  // The ICE watcher adds what was gathered and any STUN/TURN server errors to the state.
  return agentError('timeout', `${what} to "${to}" was answered but did not open within ${seconds} s (${ice ? ice.describe() : `ICE ${pc.iceConnectionState}`}${iceAdvice(pc)})`);
}

/** Resolves when PeerJS's own buffer and the RTCDataChannel's are both empty. */
export async function drained(conn: DataConnection, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (peerJsQueueLength(conn) === 0 && (conn.dataChannel?.bufferedAmount ?? 0) === 0) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

/**
 * Messages PeerJS holds back in its own queue (it stops handing data to the channel above 8 MiB buffered).
 * `bufferSize` exists on PeerJS's buffered connections (binary, json, raw) but not on the base type.
 */
export function peerJsQueueLength(conn: DataConnection): number {
  const size = (conn as DataConnection & { bufferSize?: number }).bufferSize;
  return typeof size === 'number' ? size : 0;
}
