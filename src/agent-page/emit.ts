/** Sends events to Node through the function puppeteer exposed before the page loaded. */
import type { AgentEvent } from '../protocol.js';
import { MAX_EVENT_TEXT_CHARS } from '../shared/receive-bounds.js';

export function emit(event: AgentEvent): void {
  // Fire and forget: exposed functions return promises that settle after Node handled the call.
  void window.rtcdemoEmit?.(boundStrings(event));
}

/**
 * Peer ids, server error text and close reasons come from the network: none crosses to Node longer than
 * MAX_EVENT_TEXT_CHARS (a message's own text is bounded by describeValue).
 */
function boundStrings(event: AgentEvent): AgentEvent {
  let copy: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'string' && value.length > MAX_EVENT_TEXT_CHARS) {
      copy ??= { ...event };
      copy[key] = `${value.slice(0, MAX_EVENT_TEXT_CHARS)}…`;
    }
  }
  return (copy ?? event) as AgentEvent;
}
