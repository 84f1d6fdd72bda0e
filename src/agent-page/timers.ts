/** Waiting in the page: a deadline on a promise (as a classified 'timeout' error) and a plain sleep. */
import { agentError } from './agent-error.js';

/** `context` adds a reason to the timeout message (ICE state and server errors, for a call). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, context?: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(agentError('timeout', `${what} did not happen within ${Math.round(ms / 100) / 10} s${context ? ` (${context()})` : ''}`)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error instanceof Error ? error : new Error(String(error))); },
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
