/** How `receive` prints one message: a readable line, or one JSON object. */
import type { ChalkInstance } from 'chalk';
import type { AgentEvent } from '../../protocol.js';
import { terminalText } from './terminal-safe.js';

type MessageEvent = Extract<AgentEvent, { type: 'message' }>;

export function formatMessageLine(event: MessageEvent, c: ChalkInstance): string {
  const { message } = event;
  const shown = message.kind === 'string' ? terminalText(message.text) : c.cyan(terminalText(message.text));
  const label = message.kind === 'string' || message.kind === 'binary' ? '' : c.dim(`(${message.kind}) `);
  return `${c.bold(terminalText(event.from))}: ${label}${shown}`;
}

export interface MessageJson {
  from: string;
  kind: string;
  type?: string;
  data: unknown;
  bytes: number;
  receivedAt: string;
}

export function messageJson(event: MessageEvent): MessageJson {
  return {
    from: event.from,
    kind: event.message.kind,
    ...(event.message.type ? { type: event.message.type } : {}),
    data: event.message.value,
    bytes: event.message.bytes,
    receivedAt: new Date(event.at).toISOString(),
  };
}
