/** The stderr line for each agent event, so a learner sees connections, calls and departures as they happen. */
import type { AgentEvent } from '../../protocol.js';
import { describeDeparture } from '../../shared/departure.js';
import { terminalText } from './terminal-safe.js';


export function describeAgentEvent(event: AgentEvent): { text: string; verbose?: boolean } | null {
  switch (event.type) {
    case 'peer-open':
      return null; // reported by the command with its timing
    case 'peer-disconnected':
      return { text: describeServerLoss(event) };
    case 'peer-reconnected':
      return { text: 'reconnected to the signaling server' };
    case 'peer-error':
      return { text: `peer error (${event.errorType}): ${event.message}` };
    case 'connection-open':
      return { text: `data connection from ${event.peer} open (${event.serialization}${event.rtcdemo ? ', rtcdemo sender: acknowledging' : ''})` };
    case 'connection-close':
      return { text: `data connection with ${event.peer} closed (${describeDeparture(event.signal)})` };
    case 'call-incoming':
      return { text: `call from ${event.from}: answering with the fake camera` };
    case 'call-stream':
      return { text: `remote stream from ${event.peer} arrived` };
    case 'call-first-frame':
      return { text: `first video frame from ${event.peer} decoded` };
    case 'call-close':
      return { text: `call with ${event.peer} ended (${describeDeparture(event.signal)})` };
    case 'ice-state':
      return { text: `ICE ${event.media ? 'media' : 'data'} with ${event.peer}: ${event.state}`, verbose: true };
    case 'log':
      return { text: event.text, verbose: event.level === 'info' };
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
