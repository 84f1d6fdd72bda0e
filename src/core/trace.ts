/**
 * `--trace` on the Node side: a page's trace records become `trace` events of the RtcdemoEvent family,
 * labelled with the agent they came from (receiver, sender, caller…), and with two pages (call-test) they are
 * put back in time order before they reach the listener.
 */
import type { AgentEvent } from '../protocol.js';
import { rtcdemoEvent, type RtcdemoEvent, type RtcdemoEventOf } from './events.js';

export type TraceEvent = RtcdemoEventOf<'trace'>;

/**
 * A page event as one of the family: a trace record becomes a `trace` event, anything else an `agent` event.
 * `at` stays the page's time.
 */
export function agentEventOf(agent: string, event: AgentEvent): RtcdemoEvent {
  return event.type === 'trace' ? rtcdemoEvent('trace', { agent, record: event.record }, event.at) : rtcdemoEvent('agent', { agent, event }, event.at);
}

export interface TraceMerger {
  push(event: TraceEvent): void;
  /** Passes on everything held, in order; later events pass straight through. */
  close(): void;
}

export interface TraceMergerOptions {
  /** How long an event is held for a late one from another page to overtake it. */
  holdMs?: number;
  /** At most this many events are held; past it the oldest go out at once. */
  maxHeld?: number;
  now?: () => number;
}

/**
 * Two pages report through two CDP bindings, so an event may reach Node a little after a later one from the
 * other page. Each event is held for `holdMs` (measured from its own `at`), then passed on in `at` order
 * (arrival order among equals). Bounded: never more than `maxHeld` events wait.
 */
export function createTraceMerger(onTrace: (event: TraceEvent) => void, options: TraceMergerOptions = {}): TraceMerger {
  const holdMs = options.holdMs ?? 150;
  const maxHeld = options.maxHeld ?? 1000;
  const now = options.now ?? Date.now;
  const held: TraceEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const release = (all: boolean) => {
    const cutoff = now() - holdMs;
    while (held.length > 0 && (all || held.length > maxHeld || held[0]!.at <= cutoff)) onTrace(held.shift()!);
    schedule();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (held.length === 0) return;
    timer = setTimeout(() => release(false), Math.max(0, held[0]!.at + holdMs - now()));
    timer.unref?.();
  };
  return {
    push(event) {
      if (closed) {
        onTrace(event);
        return;
      }
      // Insert after every event not later than it: stable for equal times.
      let i = held.length;
      while (i > 0 && held[i - 1]!.at > event.at) i -= 1;
      held.splice(i, 0, event);
      release(false);
    },
    close() {
      closed = true;
      release(true);
      clearTimeout(timer);
    },
  };
}
