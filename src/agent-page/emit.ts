/** Sends events to Node through the function puppeteer exposed before the page loaded. */
import { AGENT_ERROR_PREFIX, type AgentErrorKind, type AgentEvent } from '../protocol.js';

export function emit(event: AgentEvent): void {
  // Fire and forget: exposed functions return promises that settle after Node handled the call.
  void window.rtcdemoEmit?.(event);
}

export function log(level: 'info' | 'warn' | 'error', text: string): void {
  emit({ type: 'log', level, text, at: Date.now() });
}

/** An Error Node can classify: page.evaluate rejects with its message, which carries the kind. */
export function agentError(kind: AgentErrorKind, message: string): Error {
  return new Error(`${AGENT_ERROR_PREFIX}${kind}: ${message}`);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(agentError('timeout', `${what} did not happen within ${Math.round(ms / 100) / 10} s`)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error instanceof Error ? error : new Error(String(error))); },
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
