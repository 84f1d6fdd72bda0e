/**
 * What an agent failure means for the user: the page's error kinds become one-line CLI errors with the
 * exit code the README documents (2 for what the user typed, 3 for the world, 1 for a check that failed).
 * The browser hides why a signaling connection failed; `serverProblem` (found from Node by server-probe.ts)
 * names the cause when there is one.
 */
import { CheckFailedError, EnvironmentError, UsageError, type RtcdemoError } from '../errors.js';
import { AgentError, toAgentError } from './agent-page.js';
import type { ServerProblem } from '../server-probe.js';
import type { AgentErrorKind } from '../../protocol.js';

export interface AgentErrorContext {
  serverUrl: string;
  /** The PeerJS key we presented. */
  key?: string;
  /** Our own peer id, when we asked for one. */
  id?: string;
  /** The peer we tried to reach. */
  to?: string;
  /** What Node found wrong with the server, if anything (diagnoseServer). */
  serverProblem?: ServerProblem | null;
}

/** Kinds that mean the signaling connection itself failed, where the browser gives little or no reason. */
const SERVER_CONNECTION_KINDS: ReadonlySet<string> = new Set<AgentErrorKind>(['network', 'socket-error', 'socket-closed', 'server-error', 'server-silent']);

/** Whether explaining `error` could use a diagnosis of the server (worth waiting for). */
export function needsServerDiagnosis(error: unknown): boolean {
  const looksLikeAgentError = error instanceof AgentError || (error instanceof Error && error.message.includes('rtcdemo:'));
  return looksLikeAgentError && SERVER_CONNECTION_KINDS.has(toAgentError(error).kind);
}

export function explainAgentError(error: unknown, context: AgentErrorContext): RtcdemoError | Error {
  if (!(error instanceof AgentError) && !(error instanceof Error && error.message.includes('rtcdemo:'))) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const agentError = toAgentError(error);
  const server = context.serverUrl;
  switch (agentError.kind) {
    case 'peer-unavailable':
      return new EnvironmentError(
        `peer "${context.to ?? '?'}" is not connected to ${server} (${agentError.message}): start it first (rtcdemo receive --id ${context.to ?? '<id>'}, or open the /receiver page)`,
      );
    case 'unavailable-id':
      return new EnvironmentError(`id "${context.id ?? '?'}" is already taken on ${server}: choose another with --id, or stop the peer using it`);
    case 'invalid-id':
      return new UsageError(`the server rejected the id "${context.id ?? '?'}": ${agentError.message}`);
    case 'invalid-key':
      return new UsageError(`the server at ${server} refused key "${context.key ?? '?'}" (${agentError.message}): pass the server's --key`);
    case 'server-silent':
      if (context.serverProblem) return new EnvironmentError(context.serverProblem.message);
      return new EnvironmentError(
        `the signaling server at ${server} never confirmed the peer (${agentError.message}): it took the connection but is it a PeerJS server, and is it overloaded?`,
      );
    case 'network':
    case 'socket-error':
    case 'socket-closed':
    case 'server-error': {
      if (context.serverProblem) return new EnvironmentError(context.serverProblem.message);
      const reason = agentError.message || 'the browser gives no reason';
      if (agentError.kind === 'server-error') return new EnvironmentError(`the signaling server at ${server} answered with an error: ${reason}`);
      // null: diagnosed and found sound; undefined: not diagnosed (call-test's own server).
      const checked = context.serverProblem === null ? '; its HTTP side answers as a PeerJS server' : '';
      return new EnvironmentError(`lost or could not open the WebSocket to the signaling server at ${server} (${reason})${checked}`);
    }
    case 'media':
      return new EnvironmentError(`the camera could not be opened: ${agentError.message}`);
    case 'codec':
      return new CheckFailedError(`--codec: ${agentError.message}`);
    case 'timeout':
      return new CheckFailedError(`timed out: ${agentError.message}`);
    case 'page-closed':
      return new EnvironmentError('the browser closed unexpectedly (run with --verbose to see its output)');
    case 'page-crashed':
      // The message already says which page and why (the renderer's termination status).
      return new EnvironmentError(`${agentError.message}; run with --verbose to see its output`);
    default:
      return new CheckFailedError(agentError.message || `${agentError.kind} error without a message`);
  }
}
