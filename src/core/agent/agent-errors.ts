/**
 * What an agent failure means for the user: the page's error kinds become one-line CLI errors with the
 * exit code the README documents (2 for what the user typed, 3 for the world, 1 for a timeout).
 */
import { CheckFailedError, EnvironmentError, UsageError, type RtcdemoError } from '../errors.js';
import { AgentError, toAgentError } from './agent-page.js';

export interface AgentErrorContext {
  serverUrl: string;
  /** Our own peer id, when we asked for one. */
  id?: string;
  /** The peer we tried to reach. */
  to?: string;
}

export function explainAgentError(error: unknown, context: AgentErrorContext): RtcdemoError | Error {
  if (!(error instanceof AgentError) && !(error instanceof Error && error.message.includes('rtcdemo:'))) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const agentError = toAgentError(error);
  switch (agentError.kind) {
    case 'peer-unavailable':
      return new EnvironmentError(
        `peer "${context.to ?? '?'}" is not connected to ${context.serverUrl}: start it first (rtcdemo receive --id ${context.to ?? '<id>'}, or open the /receiver page)`,
      );
    case 'unavailable-id':
      return new EnvironmentError(`id "${context.id ?? '?'}" is already taken on ${context.serverUrl}: choose another with --id, or stop the peer using it`);
    case 'invalid-id':
      return new UsageError(`the server rejected the id "${context.id ?? '?'}": ${agentError.message}`);
    case 'invalid-key':
      return new UsageError(`the server at ${context.serverUrl} rejected the key: check --key (the PeerJS default is "peerjs")`);
    case 'network':
    case 'socket-error':
    case 'socket-closed':
    case 'server-error':
      return new EnvironmentError(`lost or could not open the connection to the signaling server at ${context.serverUrl} (${agentError.message}): is rtcdemo serve running there?`);
    case 'media':
      return new EnvironmentError(`the camera could not be opened: ${agentError.message}`);
    case 'timeout':
      return new CheckFailedError(`timed out: ${agentError.message}`);
    case 'page-closed':
      return new EnvironmentError('the browser closed unexpectedly (run with --verbose to see its output)');
    default:
      return new CheckFailedError(agentError.message);
  }
}
