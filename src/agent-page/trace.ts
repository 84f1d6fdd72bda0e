/**
 * `--trace` in the page: every signaling message this page's Peer sends and receives, and the state changes
 * of every RTCPeerConnection it opens, reported as `trace` events (src/protocol-trace.ts).
 *
 * Where the messages are taken, after reading PeerJS 1.5.5 (dist/bundler.mjs, class Socket):
 * - `peer.socket` (a public getter) is PeerJS's Socket, one per Peer for its whole life (reconnect() reuses
 *   it). Its `send(data)` is the one funnel every outgoing message goes through — the negotiator's OFFER,
 *   ANSWER and CANDIDATE — before JSON.stringify; wrapping that instance method sees them as objects. Only
 *   HEARTBEAT bypasses it (written straight to the WebSocket every 5 s), which keeps the trace quiet.
 * - The Socket emits `message` with every server frame it could parse, the same event Peer itself listens
 *   to: one more listener sees OPEN, OFFER, ANSWER, CANDIDATE, LEAVE, EXPIRE, ERROR… as PeerJS does.
 * Wrapping `window.WebSocket` instead would also work, but it patches a global for every socket on the
 * page, sees the raw text (to parse twice) and heartbeats, and is replaced on every reconnect.
 *
 * Connections: PeerJS creates a connection's RTCPeerConnection synchronously inside connect(), call() and
 * the handling of an incoming OFFER (Negotiator.startConnection), before anything asynchronous happens, so
 * listeners added right after see every state change from the first.
 */
import type { DataConnection, MediaConnection, Peer } from 'peerjs';
import { TRACE_MAX_PER_SECOND, type TraceConnection, type TraceLayer, type TraceRecord } from '../protocol-trace.js';
import { summarizeSignal } from '../shared/signaling-summary.js';
import { summarizeCandidate } from '../shared/sdp-summary.js';
import { rateLimited } from '../shared/rate-limit.js';
import { emit } from './emit.js';

type Report = (record: TraceRecord) => void;

export function tracePeer(peer: Peer): void {
  // A server or peer flooding messages must not become a flood of events to Node: past TRACE_MAX_PER_SECOND
  // records a second the rest are counted, and reported as one `dropped` record when the second is over.
  const send = (record: TraceRecord) => emit({ type: 'trace', record, at: Date.now() });
  const report = rateLimited(TRACE_MAX_PER_SECOND, send, (count) => send({ kind: 'dropped', count }), {
    now: () => performance.now(),
    setTimeout: (run, ms) => setTimeout(run, ms),
  });
  const socket = peer.socket as unknown as { on(event: 'message', listener: (data: unknown) => void): void; send(data: unknown): void };
  socket.on('message', (data) => {
    if ((data as { type?: unknown } | null)?.type === 'HEARTBEAT') return;
    report(summarizeSignal('received', data));
  });
  const socketSend = socket.send.bind(socket);
  socket.send = (data) => {
    report(summarizeSignal('sent', data));
    socketSend(data);
  };

  peer.on('connection', (connection) => watchConnection(connection, report));
  peer.on('call', (call) => watchConnection(call, report));
  const connect = peer.connect.bind(peer);
  peer.connect = (...args: Parameters<Peer['connect']>) => {
    const connection = connect(...args);
    if (connection) watchConnection(connection, report);
    return connection;
  };
  const call = peer.call.bind(peer);
  peer.call = (...args: Parameters<Peer['call']>) => {
    const media = call(...args);
    if (media) watchConnection(media, report);
    return media;
  };
}

function watchConnection(connection: DataConnection | MediaConnection, report: Report): void {
  const pc = connection.peerConnection as RTCPeerConnection | undefined;
  if (!pc && connection.type === 'media') {
    // An incoming call has no RTCPeerConnection until answer() creates it (synchronously, PeerJS
    // MediaConnection.answer → Negotiator.startConnection): watch it from there.
    const media = connection as MediaConnection;
    const answer = media.answer.bind(media);
    media.answer = (...args: Parameters<MediaConnection['answer']>) => {
      answer(...args);
      watchConnection(media, report);
    };
    return;
  }
  const about: TraceConnection = { peer: connection.peer, connectionId: connection.connectionId, connectionType: connection.type };
  const state = (layer: TraceLayer, value: string) => report({ kind: 'state', layer, state: value, ...about });
  if (connection.type === 'data') {
    const data = connection as DataConnection;
    data.on('open', () => report({ kind: 'channel', state: 'open', label: data.label, ...about }));
    data.on('close', () => report({ kind: 'channel', state: 'closed', label: data.label, ...about }));
  }
  if (!pc) return;
  const transports = watchTransports(pc, about, report);
  pc.addEventListener('signalingstatechange', () => {
    state('signaling-state', pc.signalingState);
    transports();
  });
  pc.addEventListener('icegatheringstatechange', () => state('ice-gathering', pc.iceGatheringState));
  pc.addEventListener('iceconnectionstatechange', () => {
    state('ice', pc.iceConnectionState);
    transports();
  });
  pc.addEventListener('connectionstatechange', () => state('peer-connection', pc.connectionState));
  pc.addEventListener('track', (event) => report({ kind: 'track', media: event.track.kind, ...about }));
}

/**
 * The DTLS and SCTP transports exist only once a description is applied (pc.sctp after the SCTP section is
 * negotiated), so they are looked for again at each signaling and ICE change and watched once each. With
 * BUNDLE (every browser's default) all media and the SCTP association share one DTLS transport.
 */
function watchTransports(pc: RTCPeerConnection, about: TraceConnection, report: Report): () => void {
  const seen = new WeakSet<object>();
  const state = (layer: TraceLayer, value: string) => report({ kind: 'state', layer, state: value, ...about });
  const watchDtls = (dtls: RTCDtlsTransport) => {
    if (seen.has(dtls)) return;
    seen.add(dtls);
    // A transport found already under way had changes we did not see: say where it is. One found 'closed' is
    // an unbundled transport BUNDLE just retired (Chromium closes it when the answer is applied): not news.
    if (dtls.state === 'connecting' || dtls.state === 'connected' || dtls.state === 'failed') state('dtls', dtls.state);
    // Before BUNDLE is agreed each m= section gets its own transport; applying the answer closes all but the
    // first, straight from 'new'. Those never carried anything: leaving them out keeps the trace readable.
    let last: string = dtls.state;
    dtls.addEventListener('statechange', () => {
      if (!(dtls.state === 'closed' && last === 'new')) state('dtls', dtls.state);
      last = dtls.state;
    });
    const ice = dtls.iceTransport as (RTCIceTransport & { getSelectedCandidatePair?: () => RTCIceCandidatePair | null }) | undefined;
    if (!ice || seen.has(ice)) return;
    seen.add(ice);
    ice.addEventListener('selectedcandidatepairchange', () => {
      const pair = ice.getSelectedCandidatePair?.();
      if (!pair) return;
      const side = (c: RTCIceCandidate | undefined) => (c ? summarizeCandidate(c.candidate, c.sdpMid) : null);
      report({ kind: 'selected-pair', local: side(pair.local), remote: side(pair.remote), ...about });
    });
  };
  return () => {
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.sender.transport) watchDtls(transceiver.sender.transport);
    }
    const sctp = pc.sctp;
    if (sctp && !seen.has(sctp)) {
      seen.add(sctp);
      if (sctp.state === 'connected') state('sctp', sctp.state);
      // Likewise an SCTP association that closes without ever connecting rode on a retired transport.
      let connected = sctp.state === 'connected';
      sctp.addEventListener('statechange', () => {
        connected ||= sctp.state === 'connected';
        if (connected) state('sctp', sctp.state);
      });
      watchDtls(sctp.transport);
    }
  };
}
