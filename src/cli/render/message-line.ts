/**
 * How `receive` prints one message: a readable line, or one JSON object. Everything in it came from a peer:
 * text goes through terminalText (cut for the terminal with a note), JSON through terminalJson (whole).
 */
import type { ChalkInstance } from 'chalk';
import type { AgentEvent } from '../../protocol.js';
import { terminalJson, terminalText } from './terminal-safe.js';

type MessageEvent = Extract<AgentEvent, { type: 'message' }>;

export function formatMessageLine(event: MessageEvent, c: ChalkInstance, maxMessageBytes?: number): string {
  const { message } = event;
  const from = c.bold(terminalText(event.from));
  if (message.truncated) {
    const bound = maxMessageBytes === undefined ? 'the --max-message-bytes bound' : `--max-message-bytes ${maxMessageBytes}`;
    return `${from}: ${c.yellow(`<${message.kind} of ${message.bytes} bytes, over ${bound}: not shown; it starts "${terminalText(message.text)}">`)}`;
  }
  const shown = message.kind === 'string' ? terminalText(message.text) : c.cyan(terminalText(message.text));
  const label = message.kind === 'string' || message.kind === 'binary' ? '' : c.dim(`(${message.kind}) `);
  return `${from}: ${label}${shown}`;
}

export interface MessageJson {
  from: string;
  kind: string;
  type?: string;
  /** The value; null (with `truncated`) when it was over --max-message-bytes. */
  data: unknown;
  bytes: number;
  /** Present when the value was over --max-message-bytes: only its first characters are in `prefix`. */
  truncated?: true;
  prefix?: string;
  receivedAt: string;
}

export function messageJson(event: MessageEvent): MessageJson {
  return {
    from: event.from,
    kind: event.message.kind,
    ...(event.message.type ? { type: event.message.type } : {}),
    data: event.message.value,
    bytes: event.message.bytes,
    ...(event.message.truncated ? { truncated: true as const, prefix: event.message.text } : {}),
    receivedAt: new Date(event.at).toISOString(),
  };
}

/** The line `receive --json` writes for a message: safe for a terminal, every value intact. */
export function messageJsonLine(event: MessageEvent): string {
  return terminalJson(messageJson(event));
}
