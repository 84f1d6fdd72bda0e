/**
 * The camera, video calls and their statistics. Frames are counted with getStats() (`inbound-rtp`
 * framesDecoded), not requestVideoFrameCallback, which never fires in background or headless tabs
 * (https://bugs.chromium.org/p/chromium/issues/detail?id=1178911).
 */
import type { MediaConnection, Peer } from 'peerjs';
import { AGENT_ERROR_PREFIX, type CallOptions, type CallStarted, type CandidatePairInfo, type DepartureSignal, type MediaStatsSample } from '../protocol.js';
import { emit } from './emit.js';
import { agentError } from './agent-error.js';
import { sleep, withTimeout } from './timers.js';
import { watchDeparture } from './departure.js';
import { errorKindOf, errorMessageOf, requirePeer } from './peer-session.js';
import { unopenedError } from './outgoing.js';

let camera: Promise<MediaStream> | null = null;
let cameraMs = 0;

/** The fake camera, acquired once per page; its time is the getUserMedia time reported. */
export function getCamera(): Promise<MediaStream> {
  if (!camera) {
    const began = performance.now();
    camera = navigator.mediaDevices.getUserMedia({ video: true }).then(
      (stream) => {
        cameraMs = performance.now() - began;
        showVideo('local', stream);
        return stream;
      },
      (error: unknown) => {
        camera = null;
        throw agentError('media', `getUserMedia failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }
  return camera;
}

export async function warmCamera(): Promise<number> {
  await getCamera();
  return cameraMs;
}

function showVideo(id: 'local' | 'remote', stream: MediaStream): void {
  const video = document.querySelector<HTMLVideoElement>(`video#${id}`);
  if (video) {
    video.srcObject = stream;
    void video.play().catch(() => undefined);
  }
}

interface ActiveCall {
  call: MediaConnection;
  stopWatching: () => void;
}
const calls = new Map<string, ActiveCall>();

/**
 * A crashed peer stops sending at once, but ICE needs ~5 s of silence to say `disconnected`. Once video has
 * flowed, frames that stop for this long mean the other side is gone: long enough that a busy 2-core machine
 * running many pairs does not trip it (its worst gap between frames there stays well under a second).
 */
const FRAMES_STOPPED_MS = 2500;
const FRAME_POLL_MS = 500;

function track(call: MediaConnection): void {
  const peer = call.peer;
  let ended = false;
  const end = (signal: DepartureSignal) => {
    if (ended) return;
    ended = true;
    clearInterval(framePoll);
    emit({ type: 'call-close', peer, signal, at: Date.now() });
  };
  call.on('close', () => end('connection-close'));
  const stopDeparture = call.peerConnection ? watchDeparture(call.peerConnection, peer, true, end) : () => undefined;
  let lastFrames = 0;
  let lastChange = performance.now();
  const framePoll = setInterval(() => {
    if (!call.peerConnection || ended) return;
    void statsOf(call.peerConnection).then((sample) => {
      const frames = sample.inbound?.framesDecoded ?? 0;
      const now = performance.now();
      if (frames !== lastFrames) {
        lastFrames = frames;
        lastChange = now;
      } else if (frames > 0 && now - lastChange >= FRAMES_STOPPED_MS) {
        end('frames-stopped');
      }
    }, () => undefined);
  }, FRAME_POLL_MS);
  const stopWatching = () => {
    ended = true;
    clearInterval(framePoll);
    stopDeparture();
  };
  calls.set(peer, { call, stopWatching });
}

/** Answers every incoming call with the fake camera, as the tutorial's receiver does. */
export function answerCalls(peer: Peer): void {
  peer.on('call', (call) => {
    emit({ type: 'call-incoming', from: call.peer, at: Date.now() });
    void getCamera().then(
      (stream) => {
        call.answer(stream);
        track(call);
        call.on('stream', (remote) => {
          emit({ type: 'call-stream', peer: call.peer, at: Date.now() });
          showVideo('remote', remote);
          void waitForFirstFrame(call, 30_000).then(
            (at) => emit({ type: 'call-first-frame', peer: call.peer, at }),
            () => undefined,
          );
        });
      },
      (error: unknown) => emit({ type: 'log', level: 'error', text: String(error), at: Date.now() }),
    );
  });
}

export async function placeCall(options: CallOptions): Promise<CallStarted> {
  const peer = requirePeer();
  const stream = await getCamera();
  const gumAt = Date.now();
  const calledAt = Date.now();
  const began = performance.now();
  const call = peer.call(options.to, stream);
  if (!call) throw agentError('webrtc', `PeerJS could not start a call to "${options.to}"`);
  track(call);
  const streamArrived = new Promise<number>((resolve, reject) => {
    call.once('stream', (remote) => {
      showVideo('remote', remote);
      emit({ type: 'call-stream', peer: options.to, at: Date.now() });
      resolve(performance.now() - began);
    });
    const onPeerError = (error: Error) => {
      if (errorKindOf(error) === 'peer-unavailable') reject(agentError('peer-unavailable', 'the server answered EXPIRE'));
    };
    peer.on('error', onPeerError);
    call.once('error', (error) => reject(agentError('webrtc', errorMessageOf(error))));
  });
  const callToStreamMs = await withTimeout(streamArrived, options.streamTimeoutMs, `the remote stream from "${options.to}"`).catch((error: unknown) => {
    throw error instanceof Error && error.message.startsWith(`${AGENT_ERROR_PREFIX}timeout:`)
      ? unopenedError(options.to, call.peerConnection, 'the call', options.streamTimeoutMs)
      : error;
  });
  const streamAt = calledAt + callToStreamMs;
  const firstFrameAt = await waitForFirstFrame(call, options.frameTimeoutMs);
  emit({ type: 'call-first-frame', peer: options.to, at: firstFrameAt });
  return {
    to: options.to,
    getUserMediaMs: cameraMs,
    callToStreamMs,
    callToFirstFrameMs: firstFrameAt - calledAt,
    at: { getUserMedia: gumAt, called: calledAt, stream: streamAt, firstFrame: firstFrameAt },
  };
}

async function waitForFirstFrame(call: MediaConnection, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const sample = await statsOf(call.peerConnection);
    if (sample.inbound && sample.inbound.framesDecoded > 0) return Date.now();
    await sleep(20);
  }
  throw agentError('timeout', `no video frame was decoded within ${timeoutMs / 1000} s`);
}

export async function sampleMedia(peerId?: string): Promise<MediaStatsSample | null> {
  const active = peerId ? calls.get(peerId) : calls.values().next().value;
  if (!active?.call.peerConnection) return null;
  return statsOf(active.call.peerConnection);
}

export function hangUpCalls(): void {
  for (const { call, stopWatching } of calls.values()) {
    stopWatching();
    call.close();
  }
  calls.clear();
}

type StatsRecord = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export async function statsOf(pc: RTCPeerConnection): Promise<MediaStatsSample> {
  const report = await pc.getStats();
  const byId = new Map<string, StatsRecord>();
  report.forEach((s: StatsRecord) => byId.set(s.id, s));
  let inbound: MediaStatsSample['inbound'] = null;
  let outbound: MediaStatsSample['outbound'] = null;
  let candidatePair: CandidatePairInfo | null = null;
  let availableOutgoingBitrate: number | null = null;
  for (const s of byId.values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      const codec = typeof s.codecId === 'string' ? byId.get(s.codecId) : undefined;
      inbound = {
        framesDecoded: num(s.framesDecoded),
        framesReceived: num(s.framesReceived),
        bytesReceived: num(s.bytesReceived),
        packetsReceived: num(s.packetsReceived),
        packetsLost: num(s.packetsLost),
        jitterSeconds: num(s.jitter),
        freezeCount: num(s.freezeCount),
        width: numOrNull(s.frameWidth),
        height: numOrNull(s.frameHeight),
        codec: typeof codec?.mimeType === 'string' ? codec.mimeType : null,
      };
    } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
      outbound = { framesEncoded: num(s.framesEncoded), bytesSent: num(s.bytesSent), width: numOrNull(s.frameWidth), height: numOrNull(s.frameHeight) };
    } else if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      candidatePair = describePair(byId, s.selectedCandidatePairId);
      // The congestion controller's estimate of what this side may send (https://w3c.github.io/webrtc-stats/#dom-rtcicecandidatepairstats-availableoutgoingbitrate).
      availableOutgoingBitrate = numOrNull(byId.get(s.selectedCandidatePairId)?.availableOutgoingBitrate);
    }
  }
  return { at: Date.now(), inbound, outbound, candidatePair, availableOutgoingBitrate, iceState: pc.iceConnectionState, connectionState: pc.connectionState };
}

function describePair(byId: Map<string, StatsRecord>, pairId: string): CandidatePairInfo | null {
  const pair = byId.get(pairId);
  if (!pair) return null;
  const side = (id: unknown) => {
    const c = typeof id === 'string' ? byId.get(id) : undefined;
    return {
      type: typeof c?.candidateType === 'string' ? c.candidateType : 'unknown',
      protocol: typeof c?.protocol === 'string' ? c.protocol : 'unknown',
      address: typeof c?.address === 'string' ? c.address : null,
    };
  };
  const rtt = numOrNull(pair.currentRoundTripTime);
  return { local: side(pair.localCandidateId), remote: side(pair.remoteCandidateId), currentRoundTripTimeMs: rtt === null ? null : rtt * 1000 };
}
