import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatMessageLine, messageJson, messageJsonLine } from '../../../src/cli/render/message-line.js';
import type { AgentEvent, MessageDescription } from '../../../src/protocol.js';

type MessageEvent = Extract<AgentEvent, { type: 'message' }>;

const plain = new Chalk({ level: 0 });
const AT = Date.UTC(2024, 4, 1, 12, 30, 15, 250);

function messageEvent(message: MessageDescription, from = 'alice'): MessageEvent {
  return { type: 'message', from, message, at: AT };
}

describe('formatMessageLine (no colour)', () => {
  it.each<[MessageDescription, string]>([
    [{ kind: 'string', text: 'hi!', value: 'hi!', bytes: 3 }, 'alice: hi!'],
    [{ kind: 'string', text: 'line one\nline two', value: 'line one\nline two', bytes: 17 }, 'alice: line one\\nline two'],
    [{ kind: 'number', text: '42', value: 42, bytes: 2 }, 'alice: (number) 42'],
    [{ kind: 'object', text: '{"a":1}', value: { a: 1 }, bytes: 7 }, 'alice: (object) {"a":1}'],
    [{ kind: 'array', text: '[1,2]', value: [1, 2], bytes: 5 }, 'alice: (array) [1,2]'],
    [
      { kind: 'binary', text: '4 bytes: de ad be ef', value: { bytes: 4, hex: 'deadbeef' }, bytes: 4, type: 'ArrayBuffer' },
      'alice: 4 bytes: de ad be ef',
    ],
  ])('%j', (message, line) => {
    expect(formatMessageLine(messageEvent(message), plain)).toBe(line);
  });

  it('only adds colour codes around the same text when colour is on', () => {
    const event = messageEvent({ kind: 'number', text: '42', value: 42, bytes: 2 });
    const coloured = formatMessageLine(event, new Chalk({ level: 1 }));
    expect(coloured).not.toBe(formatMessageLine(event, plain));
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe('alice: (number) 42');
  });
});

describe('messageJson', () => {
  it('gives from, kind, data, bytes and an ISO receivedAt', () => {
    const json = messageJson(messageEvent({ kind: 'string', text: 'hi!', value: 'hi!', bytes: 3 }, 'bob'));
    expect(json).toEqual({ from: 'bob', kind: 'string', data: 'hi!', bytes: 3, receivedAt: '2024-05-01T12:30:15.250Z' });
    expect(Object.keys(json)).not.toContain('type');
  });

  it('adds the type of binary values and keeps the JSON-safe value as data', () => {
    const json = messageJson(
      messageEvent({ kind: 'binary', text: '2 bytes: 01 02', value: { bytes: 2, hex: '0102' }, bytes: 2, type: 'Uint8Array' }),
    );
    expect(json).toEqual({ from: 'alice', kind: 'binary', type: 'Uint8Array', data: { bytes: 2, hex: '0102' }, bytes: 2, receivedAt: '2024-05-01T12:30:15.250Z' });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('a message over --max-message-bytes', () => {
  const big = messageEvent({ kind: 'string', text: 'a'.repeat(80), value: null, bytes: 10_485_760, truncated: true });

  it('prints as its size and first characters, never the value', () => {
    expect(formatMessageLine(big, plain, 1_048_576)).toBe(`alice: <string of 10485760 bytes, over --max-message-bytes 1048576: not shown; it starts "${'a'.repeat(80)}">`);
  });

  it('is null data with truncated and prefix in JSON', () => {
    expect(messageJson(big)).toEqual({ from: 'alice', kind: 'string', data: null, bytes: 10_485_760, truncated: true, prefix: 'a'.repeat(80), receivedAt: '2024-05-01T12:30:15.250Z' });
  });
});

describe('messageJsonLine', () => {
  it('escapes C1 controls and bidi overrides that JSON.stringify leaves raw, and parses back to the same value', () => {
    const text = 'a\u009b2J\u202eb\u001b';
    const event = messageEvent({ kind: 'string', text, value: text, bytes: 9 }, 'p\u0085q');
    const line = messageJsonLine(event);
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.stringify(messageJson(event))).toMatch(/\u009b/);
    expect(JSON.parse(line)).toEqual(messageJson(event));
  });
});
