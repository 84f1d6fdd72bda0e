/**
 * `rtcdemo call`: call a peer with the fake camera, watch the received video for a while, hang up.
 */
import type { CandidatePairInfo, SignalingTarget } from '../protocol.js';
import type { VideoDirectionMetrics } from './call-test/result.js';
import { summarizeVideoDirection } from './call-test/stats.js';
import { withAgentSession } from './agent/agent-session.js';
import { explainAgentError } from './agent/agent-errors.js';
import { probeServer } from './server-probe.js';
import { isLoopbackHost } from './loopback.js';
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
  /** remote-lost: the other side vanished without hanging up (crash or network), noticed by ICE. */
  ended: 'duration' | 'interrupted' | 'remote-hung-up' | 'remote-lost';
}

export async function runCall(options: CallCommandOptions): Promise<CallReport> {
  const probe = probeServer(options.server.host, options.server.port, options.serverUrl);
  // Awaited once the page is open; a browser failure before that must not leave it unhandled.
  probe.catch(() => undefined);
  return withAgentSession(
    { browserPath: options.browserPath, onConsole: options.onConsole, acceptInsecureCerts: options.server.secure && isLoopbackHost(options.server.host) },
    async (session) => {
      // The window ends early if the other side hangs up.
      const remoteGone = new AbortController();
      let lost = false;
      const page = await session.openPage('caller', (event) => {
        if (event.type === 'call-close' && event.peer === options.to) {
          lost = departureKind(event.signal) === 'lost';
          remoteGone.abort();
        }
      });
      await probe;
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
          ended,
        };
      } catch (error) {
        throw explainAgentError(error, context);
      }
    },
  );
}
