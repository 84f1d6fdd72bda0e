/**
 * `rtcdemo call`: call a peer with the fake camera, watch the received video for a while, hang up.
 */
import { NO_ICE_SERVERS, type IceConfig, type AgentEvent, type SignalingTarget, type VideoCodecName } from '../protocol.js';
import type { BrowserEndpoint } from './browser/browser-endpoint.js';
import { withOneAgent } from './agent/one-agent.js';
import { iceSummaryOf } from './agent/ice-summary.js';
import type { IceSideSummary } from '../shared/ice-candidate.js';
import { raceAbort } from './abort.js';
import { departureKind } from '../shared/departure.js';
import { summarizeMediaWindow, watchMedia, type MediaWindowSummary } from './metrics/media-window.js';
import type { MediaSecond } from './metrics/media-series.js';
import { rtcdemoEvent, type RtcdemoEventListener } from './events.js';
import { agentEventOf } from './trace.js';
import { snapshotRemoteVideo } from './snapshots.js';

export interface CallCommandOptions {
  server: SignalingTarget;
  serverUrl: string;
  to: string;
  id?: string;
  durationMs: number;
  timeoutMs: number;
  /** Accept any TLS certificate from the server (--insecure). */
  insecure?: boolean;
  browserPath?: string;
  /** STUN/TURN servers and policy; default none (loopback and LAN only). */
  ice?: IceConfig;
  /** --codec: offer only this video codec (setCodecPreferences); a browser that lacks it fails before calling. */
  codec?: VideoCodecName | null;
  /** Take stills of the received video at the first frame and at the end (`video-snapshot` events). */
  snapshots?: boolean;
  /** A browser elsewhere (`--connect`) instead of one launched here. */
  connect?: BrowserEndpoint;
  signal: AbortSignal;
  /** Progress: the caller's page events, peer-registered, call-connected, media-second. */
  onEvent?: RtcdemoEventListener;
  onConsole?: (line: string) => void;
  /** --trace: the page reports its signaling messages and connection states as `trace` events. */
  trace?: boolean;
}

/**
 * What `call` measured: the watched window's summary (received video, and audio when the receiver answered with
 * the microphone too; what we sent; the candidate pair) plus the call's own timings.
 */
export interface CallReport extends MediaWindowSummary {
  id: string;
  to: string;
  peerOpenMs: number;
  getUserMediaMs: number;
  callToStreamMs: number;
  callToFirstFrameMs: number;
  /** The call's ICE from this side: candidates gathered, selected pair, server errors. */
  ice: IceSideSummary | null;
  seconds: MediaSecond[];
  /** Times the signaling server went away during the call, and times we registered again. */
  signaling: { disconnects: number; reconnects: number };
  /** remote-lost: the other side vanished without hanging up (crash or network), noticed by ICE. */
  ended: 'duration' | 'interrupted' | 'remote-hung-up' | 'remote-lost';
}

export async function runCall(options: CallCommandOptions): Promise<CallReport> {
  // The window ends early if the other side hangs up or is lost.
  const remoteGone = new AbortController();
  let lost = false;
  // The server may go away mid-call: media keeps flowing peer to peer, and the report says what happened.
  const signaling = { disconnects: 0, reconnects: 0 };
  const agent = 'caller';
  const onEvent = (event: AgentEvent) => {
    if (event.type === 'call-close' && event.peer === options.to) {
      lost = departureKind(event.signal) === 'lost';
      remoteGone.abort();
    } else if (event.type === 'peer-disconnected') {
      signaling.disconnects += 1;
    } else if (event.type === 'peer-reconnected') {
      signaling.reconnects += 1;
    }
    options.onEvent?.(agentEventOf(agent, event));
  };
  return withOneAgent(
    { server: options.server, serverUrl: options.serverUrl, insecure: options.insecure, browserPath: options.browserPath, connect: options.connect, onConsole: options.onConsole, name: agent, onEvent, id: options.id, to: options.to, signal: options.signal },
    async (page) => {
      const started = await raceAbort(
        page.startPeer({ server: options.server, id: options.id, ice: options.ice ?? NO_ICE_SERVERS, answerCalls: false, acknowledge: false, timeoutMs: options.timeoutMs, reconnect: true, trace: options.trace }),
        options.signal,
      );
      options.onEvent?.(rtcdemoEvent('peer-registered', { agent, id: started.id, openMs: started.openMs }));
      if (options.codec) await page.preferVideoCodec(options.codec);
      const call = await raceAbort(page.call({ to: options.to, streamTimeoutMs: options.timeoutMs, frameTimeoutMs: options.timeoutMs }), options.signal);
      const { getUserMediaMs, callToStreamMs, callToFirstFrameMs } = call;
      options.onEvent?.(rtcdemoEvent('call-connected', { agent, to: options.to, getUserMediaMs, callToStreamMs, callToFirstFrameMs }));
      const who = { agent, peer: options.to };
      // Taken while the window runs, so the picture doesn't shift its timings.
      const firstSnapshot = options.snapshots ? snapshotRemoteVideo(page, who, 'first-frame', options.onEvent) : null;
      const seconds: MediaSecond[] = [];
      const stop = AbortSignal.any([options.signal, remoteGone.signal]);
      const samples = await watchMedia(page, options.to, {
        durationMs: options.durationMs,
        signal: stop,
        onSecond: (reading) => {
          seconds.push(reading);
          options.onEvent?.(rtcdemoEvent('media-second', { agent, peer: options.to, reading }));
        },
      });
      const ended = options.signal.aborted ? 'interrupted' : remoteGone.signal.aborted ? (lost ? 'remote-lost' : 'remote-hung-up') : 'duration';
      const ice = await iceSummaryOf(page, 'media', options.to);
      await firstSnapshot;
      if (options.snapshots && !stop.aborted) await snapshotRemoteVideo(page, who, 'last-frame', options.onEvent);
      await page.hangUp();
      const window = summarizeMediaWindow(samples);
      return {
        id: started.id,
        to: options.to,
        peerOpenMs: started.openMs,
        getUserMediaMs: call.getUserMediaMs,
        callToStreamMs: call.callToStreamMs,
        callToFirstFrameMs: call.callToFirstFrameMs,
        windowMs: window.windowMs,
        received: window.received,
        receivedAudio: window.receivedAudio,
        sentKbps: window.sentKbps,
        sentCodec: window.sentCodec,
        candidatePair: window.candidatePair,
        ice,
        seconds,
        signaling,
        ended,
      };
    },
  );
}
