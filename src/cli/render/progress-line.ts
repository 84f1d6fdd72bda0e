/**
 * The stderr progress line for each RtcdemoEvent, per command: what a person watching the terminal reads.
 * null means "nothing to say here" (shown elsewhere, or not by this command). Event types a function does
 * not know are ignored, so a new variant in the family never breaks a command that doesn't show it.
 * Ids come from the server or a peer: they go through terminalText.
 */
import type { RtcdemoEvent } from '../../core/events.js';
import { describeAgentEvent } from './agent-event-line.js';
import { formatMs } from './format.js';
import { terminalText } from './terminal-safe.js';

export interface ProgressLine {
  text: string;
  /** Only with --verbose. */
  verbose?: boolean;
}

const fixed = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));

/** `rtcdemo call`: registration, the call's timings, one line a second, losing and regaining the server. */
export function callProgressLine(event: RtcdemoEvent, context: { to: string }): ProgressLine | null {
  switch (event.type) {
    case 'peer-registered':
      return { text: `peer open as "${terminalText(event.id)}" in ${event.openMs.toFixed(1)} ms; calling ${terminalText(context.to)}…` };
    case 'call-connected':
      return {
        text: `camera in ${event.getUserMediaMs.toFixed(0)} ms, remote stream ${event.callToStreamMs.toFixed(0)} ms after the call, first frame at ${event.callToFirstFrameMs.toFixed(0)} ms`,
      };
    case 'media-second': {
      const r = event.reading;
      return {
        text:
          `${r.t.toFixed(0).padStart(3)} s  ${fixed(r.fps, 1)} fps  ${r.width ?? '?'}×${r.height ?? '?'}  received ${fixed(r.receivedKbps, 0)} kbps  ` +
          `sent ${fixed(r.sentKbps, 0)} kbps (may send ${fixed(r.availableOutgoingKbps, 0)})  lost ${r.packetsLost}  jitter ${fixed(r.jitterMs, 1)} ms  RTT ${fixed(r.rttMs, 1)} ms` +
          (r.freezes ? `  ${r.freezes} freeze(s)` : ''),
      };
    }
    case 'agent':
      if (event.event.type === 'peer-disconnected') {
        const { retryInMs, refusals } = event.event;
        // A server that keeps refusing us is said so, as receive says it; a plain loss speaks of the call.
        if (refusals > 0 || retryInMs === null) return describeAgentEvent(event.event);
        return { text: `lost the signaling server; the call continues peer to peer, reconnecting in ${retryInMs / 1000} s…` };
      }
      if (event.event.type === 'peer-reconnected') return { text: 'reconnected to the signaling server' };
      return null;
    default:
      return null;
  }
}

/** `rtcdemo send`: registration (the report on stdout says the rest). */
export function sendProgressLine(event: RtcdemoEvent): ProgressLine | null {
  return event.type === 'peer-registered' ? { text: `peer open as "${terminalText(event.id)}" in ${event.openMs.toFixed(1)} ms` } : null;
}

/** `rtcdemo receive`: registration and every page event but messages (those go to stdout). */
export function receiveProgressLine(event: RtcdemoEvent, context: { serverUrl: string; answerCalls: boolean }): ProgressLine | null {
  switch (event.type) {
    case 'peer-registered':
      return {
        text: `registered as "${terminalText(event.id)}" on ${context.serverUrl} in ${Math.round(event.openMs)} ms; waiting for messages${context.answerCalls ? ' and calls' : ''} (Ctrl-C to stop)`,
      };
    case 'agent':
      return describeAgentEvent(event.event);
    default:
      return null;
  }
}

/** `rtcdemo call-test`: each phase as it is reached, with the time since the start. */
export function callTestProgressLine(event: RtcdemoEvent): ProgressLine | null {
  if (event.type === 'network-lab') return { text: `network lab: ${event.step} in ${formatMs(event.ms)}${event.detail ? ` (${event.detail})` : ''}` };
  return event.type === 'phase' ? { text: `${formatMs(event.atMs).padStart(8)}  ${event.phase}` } : null;
}
