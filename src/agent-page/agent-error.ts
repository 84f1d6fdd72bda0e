/** Errors the page API throws, in the shape Node classifies (src/core/agent/agent-page.ts toAgentError). */
import { AGENT_ERROR_PREFIX, type AgentErrorKind } from '../protocol.js';
import { MAX_EVENT_TEXT_CHARS } from '../shared/receive-bounds.js';

/** An Error Node can classify: page.evaluate rejects with its message, which carries the kind. */
export function agentError(kind: AgentErrorKind, message: string): Error {
  // The message may hold server text (an ERROR payload): bounded like every other string from the network.
  const bounded = message.length > MAX_EVENT_TEXT_CHARS ? `${message.slice(0, MAX_EVENT_TEXT_CHARS)}…` : message;
  return new Error(`${AGENT_ERROR_PREFIX}${kind}: ${bounded}`);
}
