/** Errors the page API throws, in the shape Node classifies (src/core/agent/agent-page.ts toAgentError). */
import { AGENT_ERROR_PREFIX, type AgentErrorKind } from '../protocol.js';

/** An Error Node can classify: page.evaluate rejects with its message, which carries the kind. */
export function agentError(kind: AgentErrorKind, message: string): Error {
  return new Error(`${AGENT_ERROR_PREFIX}${kind}: ${message}`);
}
