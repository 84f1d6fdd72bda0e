/** How `receive` prints one message: a readable line, or one JSON object. */
import type { ChalkInstance } from 'chalk';
import type { AgentEvent } from '../../protocol.js';

type MessageEvent = Extract<AgentEvent, { type: 'message' }>;

/** Keeps one message on one line: control characters and newlines are shown escaped. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}

export function formatMessageLine(event: MessageEvent, c: ChalkInstance): string {
  const { message } = event;
  const shown = message.kind === 'string' ? oneLine(message.text) : c.cyan(oneLine(message.text));
  const label = message.kind === 'string' || message.kind === 'binary' ? '' : c.dim(`(${message.kind}) `);
  return `${c.bold(event.from)}: ${label}${shown}`;
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
