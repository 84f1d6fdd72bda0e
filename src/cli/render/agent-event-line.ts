/**
 * The stderr line for each agent event, so a learner sees connections, calls and departures as they happen.
 * Peer ids, serializations and error text come from the network: every one goes through terminalText.
 */
import type { AgentEvent } from '../../protocol.js';
import { describeDeparture } from '../../shared/departure.js';
import { describePair, explainErrorCode } from '../../shared/ice-candidate.js';
import { terminalText } from './terminal-safe.js';

const t = (text: string) => terminalText(text);

export function describeAgentEvent(event: AgentEvent): { text: string; verbose?: boolean } | null {
  switch (event.type) {
    case 'peer-open':
      return null; // reported by the command with its timing
    case 'peer-disconnected':
      return { text: describeServerLoss(event) };
    case 'peer-reconnected':
      return { text: 'reconnected to the signaling server' };
    case 'peer-error':
      return { text: `peer error (${t(event.errorType)}): ${t(event.message)}` };
    case 'connection-open':
      return { text: `data connection from ${t(event.peer)} open (${t(event.serialization)}${event.rtcdemo ? ', rtcdemo sender: acknowledging' : ''})` };
    case 'connection-close':
      return { text: `data connection with ${t(event.peer)} closed (${describeDeparture(event.signal)})` };
    case 'message-refused':
      return {
        text: `refused a message from ${t(event.from)}: ${event.bytes} bytes of it had arrived, over the ${event.limit}-byte bound (4 × --max-message-bytes, at least 16 MiB); closed the connection`,
      };
    case 'call-incoming':
      return { text: `call from ${t(event.from)}: answering with ${answerDevices(event)}` };
    case 'call-stream':
      return { text: `remote stream from ${t(event.peer)} arrived` };
    case 'call-first-frame':
      return { text: `first video frame from ${t(event.peer)} decoded` };
    case 'call-close':
      return { text: `call with ${t(event.peer)} ended (${describeDeparture(event.signal)})` };
    case 'ice-state':
      return { text: `ICE ${event.media ? 'media' : 'data'} with ${t(event.peer)}: ${t(event.state)}`, verbose: true };
    case 'ice-candidate-error': {
      const why = explainErrorCode(event.error.errorCode);
      // The error text can be a TURN server's reason phrase: untrusted.
      return { text: terminalText(`ICE server ${event.error.url} failed (${event.peer}): ${event.error.errorCode} ${event.error.errorText}${why ? ` (${why})` : ''}`) };
    }
    case 'ice-selected-pair':
      return { text: terminalText(`ICE ${event.media ? 'media' : 'data'} with ${event.peer}: selected pair ${describePair(event.pair)}`) };
    case 'log':
      return { text: t(event.text), verbose: event.level === 'info' };
    case 'message':
    case 'trace': // --trace lines: trace-line.ts
      return null;
  }
}

function describeServerLoss(event: Extract<AgentEvent, { type: 'peer-disconnected' }>): string {
  if (event.retryInMs === null) return 'lost the signaling server; existing connections continue peer-to-peer';
  const retry = `${event.retryInMs / 1000} s`;
  if (event.refusals > 0) {
    const said = event.serverSaid ? `; it said "${terminalText(event.serverSaid, { maxChars: 200 })}"` : '';
    return `the signaling server keeps dropping us right after accepting us (${event.refusals} times in a row${said}); trying again in ${retry}`;
  }
  return `lost the signaling server; existing connections continue peer-to-peer, reconnecting in ${retry}…`;
}

/** What the answer carries: the kinds the caller offered (an event without them is from a video-only page). */
function answerDevices(event: Extract<AgentEvent, { type: 'call-incoming' }>): string {
  const audio = event.audio === true;
  const video = event.video !== false;
  if (audio && video) return 'the fake camera and microphone';
  return audio ? 'the fake microphone' : 'the fake camera';
}
