/** The events one agent page reported, kept so that a step can wait for one that may already have happened. */
import type { AgentEvent } from '../../protocol.js';

export class AgentEventLog {
  private readonly events: AgentEvent[] = [];
  private readonly waiters = new Set<(event: AgentEvent) => void>();

  readonly push = (event: AgentEvent): void => {
    this.events.push(event);
    for (const waiter of this.waiters) waiter(event);
  };

  /** The first event (past or future) that `accept` takes, or null after `timeoutMs`. */
  waitFor<E extends AgentEvent>(accept: (event: AgentEvent) => event is E, timeoutMs: number, signal?: AbortSignal): Promise<E | null> {
    const past = this.events.find(accept);
    if (past) return Promise.resolve(past as E);
    return new Promise((resolve) => {
      const finish = (value: E | null) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const waiter = (event: AgentEvent) => { if (accept(event)) finish(event); };
      const onAbort = () => finish(null);
      const timer = setTimeout(() => finish(null), timeoutMs);
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
