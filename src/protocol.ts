/**
 * The contract between Node and the agent page running in Chromium.
 *
 * The page (src/agent-page, bundled by esbuild) installs `window.rtcAgent: RtcAgentApi`; Node calls it with
 * `page.evaluate((o) => window.rtcAgent.call(o), options)` and receives `AgentEvent`s through a function
 * exposed as `window.rtcdemoEmit`. Everything crossing the boundary is plain JSON.
 * This file holds types only (plus constants), so both sides can import it.
 */

import type { TraceRecord } from './protocol-trace.js';

export type * from './protocol-trace.js';

/** Where the PeerJS signaling server is, in PeerJS's own option names. */
export interface SignalingTarget {
  host: string;
  port: number;
  path: string;
  key: string;
  secure: boolean;
}

export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** PeerJS DataConnection serializations rtcdemo offers, the one list (flags, schema, types). `binary` is PeerJS's default (binarypack). */
export const SERIALIZATIONS = ['binary', 'json', 'raw'] as const;
export type Serialization = (typeof SERIALIZATIONS)[number];

/** What PeerJS passes to RTCPeerConnection as `config` (https://peerjs.com/docs/#peer-options-config). */
export interface IceConfig {
  iceServers: IceServerConfig[];
  /** 'relay' gathers only TURN relay candidates. */
  iceTransportPolicy: 'all' | 'relay';
}

/** Offline there is no STUN server to ask; an empty list keeps PeerJS from waiting on its public defaults. */
export const NO_ICE_SERVERS: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };

/**
 * Sent as DataConnection metadata by rtcdemo senders. An rtcdemo receiver answers such connections with a
 * hello and acknowledgements; plain PeerJS pages never look at metadata, so they are unaffected.
 */
export interface RtcdemoConnectionMetadata {
  rtcdemo: { version: number; purpose: 'message' | 'check'; expected?: number };
}

/** Control messages an rtcdemo receiver sends back on a connection whose metadata is RtcdemoConnectionMetadata. */
export type ControlMessage =
  | { rtcdemo: 'hello'; version: number }
  | { rtcdemo: 'ack'; count: number; bytes: number }
  | { rtcdemo: 'check-ack'; seq: number }
  | { rtcdemo: 'check-end' }
  | { rtcdemo: 'check-report'; tally: SequenceTally; bulkBytes: number; bulkMessages: number };

export const AGENT_PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------
// Options for the page API

export interface StartPeerOptions {
  server: SignalingTarget;
  /** Omit to let the server assign an id (as PeerJS does). */
  id?: string;
  ice: IceConfig;
  /** Answer incoming calls with the fake camera (receive, call-test receiver). */
  answerCalls: boolean;
  /** Acknowledge messages on connections from rtcdemo senders, and tally call-test check messages. */
  acknowledge: boolean;
  /** Milliseconds to wait for the server's OPEN. */
  timeoutMs: number;
  /** Reconnect to the signaling server when the socket drops (the server restarted). */
  reconnect: boolean;
  /** Report signaling messages and connection states as `trace` events (--trace). */
  trace?: boolean;
  /**
   * Messages larger than this are described by size and prefix only; one connection sending a message over
   * refuseAboveBytes(this) is closed (src/shared/receive-bounds.ts). Default DEFAULT_MAX_MESSAGE_BYTES.
   */
  maxMessageBytes?: number;
}

export interface PeerStarted {
  id: string;
  /** From the Peer constructor to the server's OPEN. */
  openMs: number;
  /** Epoch milliseconds (Date.now()) at open. */
  at: number;
}

export interface SendMessagesOptions {
  to: string;
  text: string;
  repeat: number;
  serialization: Serialization;
  connectTimeoutMs: number;
  /** How long to wait for the hello (is the other side rtcdemo?) and for each acknowledgement. */
  ackTimeoutMs: number;
}

export interface SentMessage {
  index: number;
  bytes: number;
  delivery: 'acknowledged' | 'sent';
  /** Send → acknowledgement, for acknowledged messages. */
  rttMs: number | null;
  /** Send → PeerJS's queue and the channel's bufferedAmount both reached 0, for messages to a plain PeerJS page (null: not within the timeout). */
  drainMs: number | null;
}

export interface SendMessagesResult {
  to: string;
  connectionOpenMs: number;
  remoteIsRtcdemo: boolean;
  /** How long we waited to learn whether the receiver is rtcdemo (its hello, or the end of the 1 s window). */
  helloWaitMs: number;
  messages: SentMessage[];
}

/** The video codecs `--codec` accepts (names as in RTCRtpCodec.mimeType after `video/`). */
export const VIDEO_CODECS = ['VP8', 'VP9', 'H264', 'AV1'] as const;
export type VideoCodecName = (typeof VIDEO_CODECS)[number];

/** What the browser says it can do (RTCRtpSender/RTCRtpReceiver.getCapabilities('video')), without rtx/red/fec. */
export interface VideoCodecSupport {
  send: string[];
  receive: string[];
}

export interface CallOptions {
  to: string;
  /** Milliseconds to wait for the remote stream. */
  streamTimeoutMs: number;
  /** Milliseconds to wait for the first decoded frame after the stream. */
  frameTimeoutMs: number;
}

export interface CallStarted {
  to: string;
  getUserMediaMs: number;
  /** peer.call() → 'stream' event. */
  callToStreamMs: number;
  /** peer.call() → first decoded frame (inbound-rtp framesDecoded > 0). */
  callToFirstFrameMs: number;
  at: { getUserMedia: number; called: number; stream: number; firstFrame: number };
}

export interface DataCheckOptions {
  to: string;
  messages: number;
  size: number;
  serialization: Serialization;
  bulkBytes: number;
  connectTimeoutMs: number;
  /** Per acknowledgement. */
  ackTimeoutMs: number;
}

export interface DataCheckRaw {
  connectionOpenMs: number;
  at: { open: number; firstAck: number | null };
  sent: number;
  /** Round-trip samples in ms, one per acknowledged message, in send order. */
  rttSamplesMs: number[];
  acknowledged: number;
  /** What the receiver counted. */
  tally: SequenceTally;
  bulk: { bytes: number; messages: number; ms: number; chunkBytes: number };
  error: string | null;
}

/** How a receiver accounts for numbered messages (shared pure code in src/shared/sequence-tally.ts). */
export interface SequenceTally {
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  reordered: number;
  corrupted: number;
}

/** One getStats() reading for one call, reduced to what rtcdemo reports. Counters are cumulative. */
export interface MediaStatsSample {
  at: number;
  inbound: {
    framesDecoded: number;
    framesReceived: number;
    bytesReceived: number;
    packetsReceived: number;
    packetsLost: number;
    jitterSeconds: number;
    freezeCount: number;
    width: number | null;
    height: number | null;
    codec: string | null;
  } | null;
  outbound: {
    framesEncoded: number;
    bytesSent: number;
    /** The codec this side sends with (its outbound-rtp's codec), e.g. `video/VP8`. */
    codec: string | null;
    width: number | null;
    height: number | null;
  } | null;
  /** The audio received, when the call carries audio (inbound-rtp, kind audio). */
  inboundAudio?: {
    bytesReceived: number;
    packetsReceived: number;
    packetsLost: number;
    jitterSeconds: number;
    /** The level right now, 0..1 (null before any audio was played out). */
    audioLevel: number | null;
    totalAudioEnergy: number;
    totalSamplesDuration: number;
    totalSamplesReceived: number;
    concealedSamples: number;
    concealmentEvents: number;
    codec: string | null;
  } | null;
  candidatePair: CandidatePairInfo | null;
  /** The selected pair's availableOutgoingBitrate (bit/s): what this side's congestion control thinks it may send. */
  availableOutgoingBitrate: number | null;
  iceState: string | null;
  connectionState: string | null;
}

/** One still of a decoded video, as an image data URL (bounded in size by the page). */
export interface VideoSnapshot {
  mimeType: 'image/jpeg' | 'image/png';
  /** Pixels of the image: the video's intrinsic (decoded) size. */
  width: number;
  height: number;
  dataUrl: string;
  /** Epoch ms it was taken. */
  at: number;
}

export interface CandidatePairInfo {
  local: CandidateEnd;
  remote: CandidateEnd;
  currentRoundTripTimeMs: number | null;
}

/** One end of a candidate pair, from getStats() local-candidate / remote-candidate. */
export interface CandidateEnd {
  /** host, srflx, prflx or relay. */
  type: string;
  /** udp or tcp: how this candidate's packets travel (for relay: between the TURN server and the peer). */
  protocol: string;
  address: string | null;
  /** For a local relay candidate: how we reach the TURN server (udp, tcp or tls); else null. */
  relayProtocol?: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// ICE candidates: what each RTCPeerConnection gathered (summarized by src/shared/ice-candidate.ts)

export type IceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface GatheredCandidate {
  type: IceCandidateType | 'unknown';
  /** udp or tcp. */
  protocol: string;
  /** relay only: udp, tcp or tls to the TURN server. */
  relayProtocol: 'udp' | 'tcp' | 'tls' | null;
  /** The STUN/TURN URL that produced it (srflx, relay); null for host. */
  url: string | null;
  /** Since the RTCPeerConnection was created; null for one only seen in getStats (prflx). */
  atMs: number | null;
}

/** An `icecandidateerror` event: a STUN or TURN server that failed (https://w3c.github.io/webrtc-pc/#rtcpeerconnectioniceerrorevent). */
export interface IceCandidateError {
  url: string;
  /** STUN error codes (401 Unauthorized, 403 Forbidden…) or 701 for a server that could not be reached. */
  errorCode: number;
  errorText: string;
  atMs: number;
}

/** One RTCPeerConnection's ICE, as one side saw it. */
export interface IceConnectionReport {
  connection: 'data' | 'media';
  peer: string;
  policy: 'all' | 'relay';
  candidates: GatheredCandidate[];
  errors: IceCandidateError[];
  /** Since creation, when gathering completed; null if it had not. */
  gatheringCompleteMs: number | null;
  /** The last ICE connection state seen. */
  state: string;
  selectedPair: CandidatePairInfo | null;
}

// ---------------------------------------------------------------------------------------------------------
// Events from the page

/** How the other side's departure was noticed. */
export type DepartureSignal =
  | 'connection-close'
  | 'ice-disconnected'
  | 'ice-failed'
  | 'ice-closed'
  | 'peer-connection-closed'
  | 'frames-stopped';

export interface MessageDescription {
  /** What JavaScript type arrived. */
  kind: 'string' | 'number' | 'boolean' | 'null' | 'undefined' | 'bigint' | 'object' | 'array' | 'binary' | 'blob' | 'date' | 'other';
  /** A one-line human rendering: text as text, binary as length and hex preview. */
  text: string;
  /** A JSON-safe form of the value (binary as { bytes, hex }). */
  value: unknown;
  /** Size on the wire as PeerJS delivered it: UTF-8 bytes for text, byteLength for binary, JSON length otherwise. */
  bytes: number;
  /** For binary/typed arrays: the constructor name (Uint8Array, ArrayBuffer…). */
  type?: string;
  /** The value was larger than the receiver's bound: `text` is its first characters and `value` is null. */
  truncated?: true;
}

export type AgentEvent =
  | { type: 'peer-open'; id: string; at: number }
  | {
      type: 'peer-disconnected';
      at: number;
      /** When the next attempt to reach the server is made (null: the command does not reconnect). */
      retryInMs: number | null;
      /** Connections in a row the server dropped soon after OPEN (0 after a connection that held). */
      refusals: number;
      /** The last error the server sent (its ERROR message), if it said anything. */
      serverSaid: string | null;
    }
  | { type: 'peer-reconnected'; at: number }
  | { type: 'peer-error'; errorType: string; message: string; at: number }
  | { type: 'connection-open'; peer: string; rtcdemo: boolean; serialization: string; at: number }
  | { type: 'connection-close'; peer: string; signal: DepartureSignal; at: number }
  | { type: 'message'; from: string; message: MessageDescription; at: number }
  /** One message grew past `limit` bytes while PeerJS put it together: the connection was closed. */
  | { type: 'message-refused'; from: string; bytes: number; limit: number; at: number }
  /** `audio`/`video`: the kinds the caller offered, which the answer carries (absent: video only). */
  | { type: 'call-incoming'; from: string; audio?: boolean; video?: boolean; at: number }
  | { type: 'call-stream'; peer: string; at: number }
  | { type: 'call-first-frame'; peer: string; at: number }
  | { type: 'call-close'; peer: string; signal: DepartureSignal; at: number }
  | { type: 'ice-state'; peer: string; media: boolean; state: string; at: number }
  | { type: 'ice-candidate-error'; peer: string; media: boolean; error: IceCandidateError; at: number }
  | { type: 'ice-selected-pair'; peer: string; media: boolean; pair: CandidatePairInfo; at: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; text: string; at: number }
  | { type: 'trace'; record: TraceRecord; at: number };

// ---------------------------------------------------------------------------------------------------------
// The page API

export interface RtcAgentApi {
  startPeer(options: StartPeerOptions): Promise<PeerStarted>;
  sendMessages(options: SendMessagesOptions): Promise<SendMessagesResult>;
  call(options: CallOptions): Promise<CallStarted>;
  /** The stats of the call with `peer` (the first active one when omitted). */
  sampleMedia(peer?: string): Promise<MediaStatsSample | null>;
  /** Prefer one video codec in this page's later offers and answers (null: the browser's default order); throws kind 'codec' when it can't send and receive it. */
  preferVideoCodec(codec: VideoCodecName | null): VideoCodecSupport;
  runDataCheck(options: DataCheckOptions): Promise<DataCheckRaw>;
  /** ICE of every connection this page made or answered, oldest first (bounded). */
  iceReports(): Promise<IceConnectionReport[]>;
  /** Acquire the camera ahead of time (overlaps with signaling in call-test). */
  warmCamera(): Promise<number>;
  /** A still of `video#remote` as decoded (src/agent-page/snapshot.ts), waiting up to timeoutMs for a frame. */
  snapshotRemoteVideo(timeoutMs: number): Promise<VideoSnapshot>;
  hangUp(): void;
  destroy(): void;
}

/** Errors thrown by the page API carry a machine-readable kind in their message: `rtcdemo:<kind>: text`. */
export type AgentErrorKind =
  | 'peer-unavailable'
  | 'unavailable-id'
  | 'invalid-id'
  | 'invalid-key'
  | 'network'
  | 'server-error'
  | 'socket-error'
  | 'socket-closed'
  | 'webrtc'
  | 'ice'
  | 'media'
  | 'codec'
  | 'timeout'
  /** The signaling server never confirmed the peer (no OPEN) in time. */
  | 'server-silent'
  | 'not-ready';

export const AGENT_ERROR_PREFIX = 'rtcdemo:';

declare global {
  interface Window {
    rtcAgent: RtcAgentApi;
    rtcdemoEmit?: (event: AgentEvent) => void;
  }
}
