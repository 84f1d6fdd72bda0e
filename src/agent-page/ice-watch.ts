/**
 * Watching ICE on each RTCPeerConnection PeerJS makes: the candidates it gathers (icecandidate), the
 * STUN/TURN servers that fail (icecandidateerror), the selected pair (getStats, taken again on every
 * connected/completed so it survives the connection closing), and a relay-only connection that cannot work,
 * reported at once instead of after a 15 s timeout with no reason.
 *
 * Listeners are added with addEventListener right after PeerJS creates the connection: PeerJS sets the
 * on* handlers itself, and gathering starts only after its asynchronous createOffer/setLocalDescription,
 * so no candidate is missed.
 */
import type { CandidatePairInfo, GatheredCandidate, IceCandidateError, IceConnectionReport } from '../protocol.js';
import { candidateTypeOf, relayOnlyFailure, relayProtocolOf } from '../shared/ice-candidate.js';
import { emit } from './emit.js';
import { agentError } from './agent-error.js';
import { currentOptions } from './peer-session.js';

/** How long a relay-only connection waits for its first relay candidate (loopback TURN answers in ~70 ms). */
export const RELAY_CANDIDATE_WAIT_MS = 5000;
const MAX_CANDIDATES = 64;
const MAX_ERRORS = 16;
const MAX_REPORTS = 32;

export interface IceWatch {
  report(): Promise<IceConnectionReport>;
  /** Rejects (with an 'ice' agent error) when the connection cannot work; never resolves. */
  failure: Promise<never>;
  /** A sentence about ICE for a timeout message: state, what was gathered, server errors. */
  describe(): string;
  stop(): void;
}

const watches: IceWatch[] = [];

export function watchIce(pc: RTCPeerConnection, peer: string, connection: 'data' | 'media'): IceWatch {
  const began = performance.now();
  const ice = currentOptions()?.ice;
  const policy = ice?.iceTransportPolicy ?? 'all';
  const turnUrls = (ice?.iceServers ?? []).flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : s.urls)).filter((u) => /^turns?:/i.test(u));
  const media = connection === 'media';
  const state: Omit<IceConnectionReport, 'state' | 'selectedPair'> & { selectedPair: CandidatePairInfo | null } = {
    connection,
    peer,
    policy,
    candidates: [],
    errors: [],
    gatheringCompleteMs: null,
    selectedPair: null,
  };
  const since = () => Math.round(performance.now() - began);
  let fail: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failure.catch(() => undefined);
  const checkRelay = () => {
    const why = relayOnlyFailure(state, since(), RELAY_CANDIDATE_WAIT_MS, turnUrls);
    if (why) fail(agentError('ice', why));
  };

  const onCandidate = (event: RTCPeerConnectionIceEvent) => {
    const c = event.candidate;
    if (!c || !c.candidate) return;
    if (state.candidates.length >= MAX_CANDIDATES) return;
    const type = candidateTypeOf(c.type);
    // url and relayProtocol are newer than TypeScript's DOM types (https://w3c.github.io/webrtc-pc/#dom-rtcicecandidate-relayprotocol).
    const extra = c as RTCIceCandidate & { url?: string | null; relayProtocol?: string | null };
    const url = extra.url ?? null;
    state.candidates.push({ type, protocol: c.protocol ?? 'unknown', relayProtocol: relayProtocolOf({ type, relayProtocol: extra.relayProtocol, url }), url: url || null, atMs: since() });
  };
  const onError = (event: Event) => {
    const e = event as RTCPeerConnectionIceErrorEvent;
    const error: IceCandidateError = { url: e.url ?? '', errorCode: e.errorCode, errorText: e.errorText ?? '', atMs: since() };
    if (state.errors.length < MAX_ERRORS) state.errors.push(error);
    emit({ type: 'ice-candidate-error', peer, media, error, at: Date.now() });
  };
  const onGathering = () => {
    if (pc.iceGatheringState !== 'complete') return;
    state.gatheringCompleteMs ??= since();
    checkRelay();
  };
  const onIceState = () => {
    if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') {
      void selectedPairOf(pc).then((pair) => {
        if (!pair) return;
        const changed = JSON.stringify(pair.local) !== JSON.stringify(state.selectedPair?.local) || JSON.stringify(pair.remote) !== JSON.stringify(state.selectedPair?.remote);
        state.selectedPair = pair;
        if (changed) emit({ type: 'ice-selected-pair', peer, media, pair, at: Date.now() });
      });
    }
  };
  pc.addEventListener('icecandidate', onCandidate);
  pc.addEventListener('icecandidateerror', onError);
  pc.addEventListener('icegatheringstatechange', onGathering);
  pc.addEventListener('iceconnectionstatechange', onIceState);
  const relayTimer = policy === 'relay' ? setTimeout(checkRelay, RELAY_CANDIDATE_WAIT_MS) : undefined;

  const watch: IceWatch = {
    failure,
    async report() {
      if (pc.signalingState !== 'closed') {
        state.selectedPair = (await selectedPairOf(pc)) ?? state.selectedPair;
        await addPeerReflexive(pc, state.candidates);
      }
      return { ...state, candidates: [...state.candidates], errors: [...state.errors], state: pc.iceConnectionState };
    },
    describe() {
      const types = [...new Set(state.candidates.map((c) => c.type))].join(', ') || 'none';
      const errors = state.errors.map((e) => `${e.url}: ${e.errorCode} ${e.errorText}`.trim());
      return `ICE ${pc.iceConnectionState}, gathered ${types}${errors.length ? `, server errors: ${[...new Set(errors)].join('; ')}` : ''}`;
    },
    stop() {
      clearTimeout(relayTimer);
      pc.removeEventListener('icecandidate', onCandidate);
      pc.removeEventListener('icecandidateerror', onError);
      pc.removeEventListener('icegatheringstatechange', onGathering);
      pc.removeEventListener('iceconnectionstatechange', onIceState);
    },
  };
  watches.push(watch);
  if (watches.length > MAX_REPORTS) watches.shift();
  return watch;
}

export function iceReports(): Promise<IceConnectionReport[]> {
  return Promise.all(watches.map((w) => w.report()));
}

type StatsRecord = Record<string, unknown> & { type: string; id: string };

export async function selectedPairOf(pc: RTCPeerConnection): Promise<CandidatePairInfo | null> {
  if (pc.signalingState === 'closed') return null;
  const byId = new Map<string, StatsRecord>();
  try {
    (await pc.getStats()).forEach((s: StatsRecord) => byId.set(s.id, s));
  } catch {
    return null;
  }
  for (const s of byId.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') return describeStatsPair(byId, s.selectedCandidatePairId);
  }
  return null;
}

export function describeStatsPair(byId: Map<string, StatsRecord>, pairId: string): CandidatePairInfo | null {
  const pair = byId.get(pairId);
  if (!pair) return null;
  const side = (id: unknown) => {
    const c = typeof id === 'string' ? byId.get(id) : undefined;
    const type = typeof c?.candidateType === 'string' ? c.candidateType : 'unknown';
    return {
      type,
      protocol: typeof c?.protocol === 'string' ? c.protocol : 'unknown',
      address: typeof c?.address === 'string' ? c.address : null,
      relayProtocol: c?.type === 'local-candidate' ? relayProtocolOf({ type, relayProtocol: c.relayProtocol, url: c.url }) : null,
    };
  };
  const rtt = typeof pair.currentRoundTripTime === 'number' ? pair.currentRoundTripTime : null;
  return { local: side(pair.localCandidateId), remote: side(pair.remoteCandidateId), currentRoundTripTimeMs: rtt === null ? null : rtt * 1000 };
}

/** Peer-reflexive local candidates never come through icecandidate: they appear only in getStats. */
async function addPeerReflexive(pc: RTCPeerConnection, candidates: GatheredCandidate[]): Promise<void> {
  if (candidates.some((c) => c.type === 'prflx')) return;
  try {
    (await pc.getStats()).forEach((s: StatsRecord) => {
      if (s.type === 'local-candidate' && s.candidateType === 'prflx' && candidates.length < MAX_CANDIDATES) {
        candidates.push({ type: 'prflx', protocol: typeof s.protocol === 'string' ? s.protocol : 'unknown', relayProtocol: null, url: null, atMs: null });
      }
    });
  } catch {
    // closed meanwhile
  }
}
