/**
 * `rtcdemo call`: call a peer with the fake camera, watch the received video for a while, hang up.
 */
import type { AgentEvent, CandidatePairInfo, SignalingTarget } from '../protocol.js';
import type { VideoDirectionMetrics } from './call-test/result.js';
import { summarizeVideoDirection } from './call-test/stats.js';
import { withOneAgent } from './agent/one-agent.js';
import { explainAgentError } from './agent/agent-errors.js';
import { raceAbort } from './abort.js';
import { departureKind } from '../shared/departure.js';
import { watchMedia, type SecondReading } from './media-window.js';

export interface CallCommandOptions {
  server: SignalingTarget;
  serverUrl: string;
  to: string;
  id?: string;
  durationMs: number;
  timeoutMs: number;
  browserPath?: string;
  signal: AbortSignal;
  onProgress?: (line: string) => void;
  onSecond?: (reading: SecondReading) => void;
  onConsole?: (line: string) => void;
}

export interface CallReport {
  id: string;
  to: string;
  peerOpenMs: number;
  getUserMediaMs: number;
  callToStreamMs: number;
  callToFirstFrameMs: number;
  windowMs: number;
  received: VideoDirectionMetrics;
  sentKbps: number | null;
  candidatePair: CandidatePairInfo | null;
  seconds: SecondReading[];
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
  const onEvent = (event: AgentEvent) => {
    if (event.type === 'call-close' && event.peer === options.to) {
      lost = departureKind(event.signal) === 'lost';
      remoteGone.abort();
    } else if (event.type === 'peer-disconnected') {
      signaling.disconnects += 1;
      options.onProgress?.('lost the signaling server; the call continues peer to peer, reconnecting…');
    } else if (event.type === 'peer-reconnected') {
      signaling.reconnects += 1;
      options.onProgress?.('reconnected to the signaling server');
    }
  };
  return withOneAgent(
    { server: options.server, serverUrl: options.serverUrl, browserPath: options.browserPath, onConsole: options.onConsole, name: 'caller', onEvent },
    async (page) => {
      const context = { serverUrl: options.serverUrl, id: options.id, to: options.to };
      try {
        const started = await raceAbort(
          page.startPeer({ server: options.server, id: options.id, iceServers: [], answerCalls: false, acknowledge: false, timeoutMs: options.timeoutMs, reconnect: true }),
          options.signal,
        );
        options.onProgress?.(`peer open as "${started.id}" in ${started.openMs.toFixed(1)} ms; calling ${options.to}…`);
        const call = await raceAbort(page.call({ to: options.to, streamTimeoutMs: options.timeoutMs, frameTimeoutMs: options.timeoutMs }), options.signal);
        options.onProgress?.(
          `camera in ${call.getUserMediaMs.toFixed(0)} ms, remote stream ${call.callToStreamMs.toFixed(0)} ms after the call, first frame at ${call.callToFirstFrameMs.toFixed(0)} ms`,
        );
        const seconds: SecondReading[] = [];
        const stop = AbortSignal.any([options.signal, remoteGone.signal]);
        const samples = await watchMedia(page, options.to, {
          durationMs: options.durationMs,
          signal: stop,
          onSecond: (reading) => {
            seconds.push(reading);
            options.onSecond?.(reading);
          },
        });
        const ended = options.signal.aborted ? 'interrupted' : remoteGone.signal.aborted ? (lost ? 'remote-lost' : 'remote-hung-up') : 'duration';
        await page.hangUp();
        const first = samples[0];
        const last = samples[samples.length - 1];
        const windowMs = first && last ? last.at - first.at : 0;
        const sentBytes = first?.outbound && last?.outbound ? last.outbound.bytesSent - first.outbound.bytesSent : null;
        return {
          id: started.id,
          to: options.to,
          peerOpenMs: started.openMs,
          getUserMediaMs: call.getUserMediaMs,
          callToStreamMs: call.callToStreamMs,
          callToFirstFrameMs: call.callToFirstFrameMs,
          windowMs,
          received: summarizeVideoDirection(samples.map((s) => s.inbound), windowMs),
          sentKbps: sentBytes !== null && windowMs > 0 ? (sentBytes * 8) / windowMs : null,
          candidatePair: last?.candidatePair ?? null,
          seconds,
          signaling,
          ended,
        };
      } catch (error) {
        throw explainAgentError(error, context);
      }
    },
  );
}
