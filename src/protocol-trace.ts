/**
 * The `--trace` records the agent page reports (types only, part of the contract in src/protocol.ts): every
 * signaling message the page's PeerJS Peer sends or receives, summarised, and the state changes of each
 * RTCPeerConnection's layers (ICE gathering, ICE, DTLS, SCTP, data channel). Built in the page by
 * src/agent-page/trace.ts from the pure summaries in src/shared/, rendered by src/cli/render/trace-line.ts.
 *
 * Every string in a record came from the network or the browser: renderers escape it (terminal-safe.ts).
 */

/** One m= section of an SDP. */
export interface SdpMediaSummary {
  /** audio, video or application (data channels). */
  kind: string;
  mid: string | null;
  /** sendrecv, sendonly, recvonly, inactive; null when the section has none (application). */
  direction: string | null;
  /** Codec names in preference order, deduplicated (VP8, opus, rtx…); `webrtc-datachannel` for data. */
  codecs: string[];
  /** Port 0 means the section was rejected or stopped. */
  port: number | null;
}

export interface SdpSummary {
  /** offer or answer (the RTCSessionDescription's type). */
  type: string;
  media: SdpMediaSummary[];
  /** a=ice-ufrag: which ICE credentials the candidates belong to. */
  iceUfrag: string | null;
  /** a=fingerprint, shortened: the hash the DTLS certificate must match. */
  fingerprint: { algorithm: string; short: string } | null;
  /** a=setup: actpass (offer: either role), active (DTLS client) or passive (DTLS server). */
  setup: string | null;
  /** a=candidate lines inside the SDP; 0 with trickle ICE, where candidates follow as CANDIDATE messages. */
  candidates: number;
  /** The SDP's length in characters. */
  chars: number;
}

export interface CandidateSummary {
  /** host, srflx, prflx or relay. */
  type: string;
  /** udp or tcp. */
  protocol: string;
  /** For TCP candidates: active, passive or so. */
  tcpType: string | null;
  /**
   * The address's family; `mdns` when the browser hid a host address behind a random `*.local` name
   * (https://datatracker.ietf.org/doc/html/draft-ietf-mmusic-mdns-ice-candidates). The address itself is
   * left out: a trace is made to be pasted into bug reports.
   */
  family: 'ipv4' | 'ipv6' | 'mdns' | 'unknown';
  /** 1 RTP, 2 RTCP (not with rtcp-mux, which every browser uses). */
  component: number | null;
  /** The m= section it belongs to. */
  mid: string | null;
}

/** What a signaling message carried, where rtcdemo can say it in a few words. */
export type SignalDetail =
  | { sdp: SdpSummary; connection: ConnectionOfferSummary | null }
  | { candidate: CandidateSummary | null }
  | { text: string }
  | null;

/** What an OFFER says about the PeerJS connection it opens. */
export interface ConnectionOfferSummary {
  /** PeerJS DataConnection serialization (binary, json, raw, …); null for calls. */
  serialization: string | null;
  reliable: boolean | null;
  label: string | null;
  /** Size of the connection's metadata as JSON, 0 when there is none. */
  metadataChars: number;
}

/** The PeerJS connection a record belongs to. */
export interface TraceConnection {
  /** The remote peer id. */
  peer: string;
  /** PeerJS's connection id (dc_… for data, mc_… for media). */
  connectionId: string;
  /** data or media. */
  connectionType: string;
}

export type TraceLayer = 'signaling-state' | 'ice-gathering' | 'ice' | 'peer-connection' | 'dtls' | 'sctp';

export type TraceRecord =
  | {
      kind: 'signal';
      direction: 'sent' | 'received';
      /** The PeerJS message type: OPEN, OFFER, ANSWER, CANDIDATE, LEAVE, EXPIRE, ERROR, ID-TAKEN… */
      message: string;
      /** The other peer (dst of a sent message, src of a received one); null for messages from the server itself. */
      peer: string | null;
      connectionId: string | null;
      connectionType: string | null;
      detail: SignalDetail;
    }
  | ({ kind: 'state'; layer: TraceLayer; state: string } & TraceConnection)
  | ({ kind: 'channel'; state: 'open' | 'closed'; label: string } & TraceConnection)
  | ({ kind: 'track'; media: string } & TraceConnection)
  | ({ kind: 'selected-pair'; local: CandidateSummary | null; remote: CandidateSummary | null } & TraceConnection)
  /** The page stopped tracing for a moment: more records than TRACE_MAX_PER_SECOND came in one second. */
  | { kind: 'dropped'; count: number };

/** A hostile server or peer can send messages as fast as it likes; past this many records a second the page drops them (and says how many). */
export const TRACE_MAX_PER_SECOND = 200;
