/**
 * The camera, video calls and their statistics. Frames are counted with getStats() (`inbound-rtp`
 * framesDecoded), not requestVideoFrameCallback, which never fires in background or headless tabs
 * (https://bugs.chromium.org/p/chromium/issues/detail?id=1178911).
 */
import { iceAdvice } from './ice-state.js';
import type { MediaConnection, Peer } from 'peerjs';
import { AGENT_ERROR_PREFIX, type CallOptions, type CallStarted, type DepartureSignal, type MediaStatsSample } from '../protocol.js';
import { emit } from './emit.js';
import { agentError } from './agent-error.js';
import { sleep, withTimeout } from './timers.js';
import { watchDeparture } from './departure.js';
import { errorKindOf, errorMessageOf, requirePeer } from './peer-session.js';
import { unopenedError } from './outgoing.js';
import { CALLER_KINDS, getLocalMedia, getUserMediaMs, offeredKinds, showVideo } from './local-media.js';
import { statsOf } from './media-stats.js';
import { watchIce, type IceWatch } from './ice-watch.js';

export { warmCamera } from './local-media.js';

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

function track(call: MediaConnection): IceWatch | null {
  const peer = call.peer;
  const ice = call.peerConnection ? watchIce(call.peerConnection, peer, 'media') : null;
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
  return ice;
}

/**
 * Answers every incoming call with the fake devices, as the tutorial's receiver does with its camera: with
 * the kinds the caller offered (audio, video or both), so an audio-only caller gets audio back.
 */
export function answerCalls(peer: Peer): void {
  peer.on('call', (call) => {
    const kinds = offeredKinds(call);
    emit({ type: 'call-incoming', from: call.peer, audio: kinds.audio, video: kinds.video, at: Date.now() });
    void getLocalMedia(kinds).then(
      (stream) => {
        call.answer(stream);
        track(call);
        // PeerJS emits 'stream' once per remote track (ontrack), with the same MediaStream: audio and video
        // make two events for one stream.
        call.once('stream', (remote) => {
          emit({ type: 'call-stream', peer: call.peer, at: Date.now() });
          showVideo('remote', remote);
          if (kinds.video) {
            void waitForFirstFrame(call, 30_000).then(
              (at) => emit({ type: 'call-first-frame', peer: call.peer, at }),
              () => undefined,
            );
          }
        });
      },
      (error: unknown) => emit({ type: 'log', level: 'error', text: String(error), at: Date.now() }),
    );
  });
}

export async function placeCall(options: CallOptions): Promise<CallStarted> {
  const peer = requirePeer();
  const stream = await getLocalMedia(CALLER_KINDS);
  const gumAt = Date.now();
  const calledAt = Date.now();
  const began = performance.now();
  const call = peer.call(options.to, stream);
  if (!call) throw agentError('webrtc', `PeerJS could not start a call to "${options.to}"`);
  const ice = track(call);
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
    call.once('error', (error) => reject(agentError('webrtc', `${errorMessageOf(error)}${ice ? ` (${ice.describe()})` : ''}`)));
    // A relay-only call whose TURN server failed ends now, naming the server and its error.
    ice?.failure.catch(reject);
  });
  const callToStreamMs = await withTimeout(streamArrived, options.streamTimeoutMs, `the remote stream from "${options.to}"`).catch((error: unknown) => {
    throw error instanceof Error && error.message.startsWith(`${AGENT_ERROR_PREFIX}timeout:`)
      ? unopenedError(options.to, call.peerConnection, 'the call', options.streamTimeoutMs, ice)
      : error;
  });
  const streamAt = calledAt + callToStreamMs;
  // PeerJS's 'stream' fires on ontrack, before ICE connects: a relay-only call can still fail here.
  const firstFrame = waitForFirstFrame(call, options.frameTimeoutMs, ice ? () => ice.describe() : undefined);
  firstFrame.catch(() => undefined);
  const firstFrameAt = await (ice ? Promise.race([firstFrame, ice.failure]) : firstFrame);
  emit({ type: 'call-first-frame', peer: options.to, at: firstFrameAt });
  return {
    to: options.to,
    getUserMediaMs: getUserMediaMs(),
    callToStreamMs,
    callToFirstFrameMs: firstFrameAt - calledAt,
    at: { getUserMedia: gumAt, called: calledAt, stream: streamAt, firstFrame: firstFrameAt },
  };
}

async function waitForFirstFrame(call: MediaConnection, timeoutMs: number, context?: () => string): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const sample = await statsOf(call.peerConnection);
    if (sample.inbound && sample.inbound.framesDecoded > 0) return Date.now();
    await sleep(20);
  }
  throw agentError('timeout', `no video frame was decoded within ${timeoutMs / 1000} s${context ? ` (${context()}${iceAdvice(call.peerConnection)})` : ''}`);
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
