/** How `receive` prints one message: a readable line, or one JSON object. */
import type { ChalkInstance } from 'chalk';
import type { AgentEvent } from '../../protocol.js';

type MessageEvent = Extract<AgentEvent, { type: 'message' }>;

/**
 * Keeps one message on one line and the terminal safe: C0 and C1 control characters and DEL (which could
 * start escape sequences) are shown as JSON-style escapes.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

export function oneLine(text: string): string {
  if (!CONTROL.test(text)) return text;
  // Once anything is escaped, backslashes are too, so the line reads back unambiguously.
  return Array.from(text, (ch) => (CONTROL.test(ch) ? (NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : ch === '\\' ? '\\\\' : ch)).join('');
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
