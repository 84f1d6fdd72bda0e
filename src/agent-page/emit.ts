/** Sends events to Node through the function puppeteer exposed before the page loaded. */
import type { AgentEvent } from '../protocol.js';

export function emit(event: AgentEvent): void {
  // Fire and forget: exposed functions return promises that settle after Node handled the call.
  void window.rtcdemoEmit?.(event);
}
